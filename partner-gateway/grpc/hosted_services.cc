#include "partner-gateway/grpc/hosted_services.h"

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace coalition::gateway {
namespace {

// `call` on the request decoded from its bytes, its answer encoded.
template <typename Request, typename Call>
HostedServices::Method Decoded(Call call) {
  return [call](const Identity& who, const std::string& bytes) -> absl::StatusOr<std::string> {
    Request request;
    // The edge's checks decoded these bytes already; this only keeps the types honest.
    if (!request.ParseFromString(bytes)) {
      return absl::InvalidArgumentError(
          absl::StrCat("request: not a valid ", Request::descriptor()->full_name(), " message"));
    }
    ASSIGN_OR_RETURN(const auto response, call(who, request));
    return response.SerializeAsString();
  };
}

}  // namespace

HostedServices::HostedServices(AccessService& access, AuditLog& audit) {
  const std::string kAccess = "/coalition.gateway.v1.AccessService/";
  methods_[kAccess + "IssueApiKey"] =
      Decoded<v1::IssueApiKeyRequest>([&access](const Identity& who, const auto& request) {
        return access.IssueApiKey(who, request);
      });
  methods_[kAccess + "RotateApiKey"] =
      Decoded<v1::RotateApiKeyRequest>([&access](const Identity& who, const auto& request) {
        return access.RotateApiKey(who, request);
      });
  methods_[kAccess + "RevokeApiKey"] =
      Decoded<v1::RevokeApiKeyRequest>([&access](const Identity& who, const auto& request) {
        return access.RevokeApiKey(who, request);
      });
  methods_[kAccess + "ListApiKeys"] = Decoded<v1::ListApiKeysRequest>(
      [&access](const Identity&, const auto& request) { return access.ListApiKeys(request); });
  methods_[kAccess + "SetMobileBackend"] =
      Decoded<v1::SetMobileBackendRequest>([&access](const Identity& who, const auto& request) {
        return access.SetMobileBackend(who, request);
      });
  methods_["/coalition.gateway.v1.AuditService/ListAuditRecords"] =
      Decoded<v1::ListAuditRecordsRequest>(
          [&audit](const Identity&, const auto& request) { return audit.List(request); });
}

absl::StatusOr<std::string> HostedServices::Call(const std::string& method, const Identity& who,
                                                 const std::string& request_bytes) const {
  const auto it = methods_.find(method);
  if (it == methods_.end()) {
    return absl::UnimplementedError(absl::StrCat("the gateway serves no method ", method));
  }
  return it->second(who, request_bytes);
}

}  // namespace coalition::gateway
