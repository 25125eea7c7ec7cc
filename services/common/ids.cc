#include "services/common/ids.h"

#include <openssl/rand.h>

#include <array>
#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/common/fingerprint.h"

namespace coalition {

std::string NewId(absl::string_view prefix) {
  std::array<unsigned char, 16> bytes;
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    std::abort();  // no entropy: nothing safe to hand out
  }
  return absl::StrCat(prefix, "_",
                      absl::BytesToHexString(absl::string_view(
                          reinterpret_cast<const char*>(bytes.data()), bytes.size())));
}

std::string DerivedId(absl::string_view prefix, std::initializer_list<absl::string_view> parts) {
  std::string joined;
  for (absl::string_view part : parts) {
    // Length-prefixed so ("ab","c") and ("a","bc") differ.
    absl::StrAppend(&joined, part.size(), ":", part, ";");
  }
  return absl::StrCat(prefix, "_", Sha256Hex(joined).substr(0, 32));
}

}  // namespace coalition
