#include "services/common/grpc/call_context.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace coalition {

absl::StatusOr<std::string> CallerOf(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(grpc::string_ref(kCallerMetadataKey.data(), kCallerMetadataKey.size()));
  if (it == metadata.end()) {
    return absl::UnauthenticatedError(
        absl::StrCat("missing caller identity: set the ", kCallerMetadataKey, " metadata"));
  }
  std::string caller(it->second.data(), it->second.size());
  if (absl::Status valid = ValidateCaller(kCallerMetadataKey, caller); !valid.ok()) return valid;
  return caller;
}

std::optional<std::string> MemberScopeOf(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(
      grpc::string_ref(kMemberScopeMetadataKey.data(), kMemberScopeMetadataKey.size()));
  if (it == metadata.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}

void PrepareCall(grpc::ClientContext& context, absl::string_view caller, absl::Duration timeout) {
  context.AddMetadata(std::string(kCallerMetadataKey), std::string(caller));
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
}

}  // namespace coalition
