// Identity parsing at the gateway (identity.h), on any bytes: a common name either names exactly
// one identity, whose caller string parses back to itself, or is refused; a certificate either
// names an identity or is UNAUTHENTICATED. Never a crash or a sanitizer report.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "partner-gateway/identity.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using coalition::gateway::Identity;
  FuzzedDataProvider input(data, size);
  const std::string common_name = input.ConsumeRandomLengthString(256);
  const absl::StatusOr<Identity> parsed = coalition::gateway::ParseIdentity(common_name);
  if (parsed.ok()) {
    // The caller string is what everything per caller is keyed by: it must name the same
    // identity again, and be the common name it came from.
    const absl::StatusOr<Identity> again = coalition::gateway::ParseIdentity(parsed->caller);
    if (!again.ok() || again->caller != parsed->caller || again->role != parsed->role ||
        again->id != parsed->id || parsed->caller != common_name) {
      abort();
    }
  } else if (!absl::IsInvalidArgument(parsed.status())) {
    abort();
  }
  const absl::StatusOr<Identity> of_certificate =
      coalition::gateway::IdentityOfCertificate(input.ConsumeRemainingBytesAsString());
  if (!of_certificate.ok() && !absl::IsUnauthenticated(of_certificate.status())) abort();
  return 0;
}
