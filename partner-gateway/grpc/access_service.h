// AccessService (protos/coalition/gateway/v1/access.proto): API keys and the members each mobile
// backend may see. The gateway serves it itself (hosted_services.h), after the same admission as
// every call: routes.cc lets only the operator call it, and the proxy audits its mutations.
//
//   AccessService access(authenticator, keys, mobiles, clock, issuing_secret);
//   ASSIGN_OR_RETURN(v1::IssuedApiKey issued, access.IssueApiKey(who, request));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "coalition/gateway/v1/access.pb.h"
#include "partner-gateway/store/api_key_store.h"
#include "partner-gateway/grpc/authenticator.h"
#include "partner-gateway/identity.h"
#include "partner-gateway/store/mobile_backends.h"
#include "services/common/clock.h"

namespace coalition::gateway {

class AccessService {
 public:
  // `issuing_secret` derives keys' secrets (api_keys.h); empty, keys cannot be issued.
  AccessService(Authenticator& authenticator, ApiKeyStore& keys, MobileBackends& mobiles,
                const Clock& clock, std::string issuing_secret)
      : authenticator_(authenticator),
        keys_(keys),
        mobiles_(mobiles),
        clock_(clock),
        issuing_secret_(std::move(issuing_secret)) {}

  // `who` is the caller the gateway identified: idempotency keys are scoped by it.
  absl::StatusOr<v1::IssuedApiKey> IssueApiKey(const Identity& who,
                                               const v1::IssueApiKeyRequest& request);
  absl::StatusOr<v1::IssuedApiKey> RotateApiKey(const Identity& who,
                                                const v1::RotateApiKeyRequest& request);
  absl::StatusOr<v1::ApiKey> RevokeApiKey(const Identity& who,
                                          const v1::RevokeApiKeyRequest& request);
  absl::StatusOr<v1::ListApiKeysResponse> ListApiKeys(const v1::ListApiKeysRequest& request);
  absl::StatusOr<v1::MobileBackend> SetMobileBackend(const Identity& who,
                                                     const v1::SetMobileBackendRequest& request);

 private:
  // A new key under `request`'s idempotency key, expiring at `expire_time` (or the default).
  absl::StatusOr<StoredApiKey> NewKey(const RequestKey& request,
                                      const google::protobuf::Timestamp& expire_time) const;
  v1::IssuedApiKey Issued(const v1::ApiKey& key) const;

  Authenticator& authenticator_;
  ApiKeyStore& keys_;
  MobileBackends& mobiles_;
  const Clock& clock_;
  const std::string issuing_secret_;
};

}  // namespace coalition::gateway
