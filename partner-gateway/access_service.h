// AccessService (protos/coalition/gateway/v1/access.proto), served by the gateway itself to the
// operator only: API keys and the members each mobile backend may see. Every mutation is audited
// like a forwarded one.
#pragma once

#include <string>

#include "coalition/gateway/v1/access.grpc.pb.h"
#include "partner-gateway/api_key_store.h"
#include "partner-gateway/audit_log.h"
#include "partner-gateway/authenticator.h"
#include "partner-gateway/mobile_backends.h"
#include "services/common/clock.h"

namespace coalition::gateway {

class AccessServiceHandler final : public v1::AccessService::Service {
 public:
  // `issuing_secret` derives keys' secrets (api_keys.h); empty, keys cannot be issued.
  AccessServiceHandler(Authenticator& authenticator, ApiKeyStore& keys, MobileBackends& mobiles,
                       AuditLog& audit, const Clock& clock, std::string issuing_secret)
      : authenticator_(authenticator),
        keys_(keys),
        mobiles_(mobiles),
        audit_(audit),
        clock_(clock),
        issuing_secret_(std::move(issuing_secret)) {}

  grpc::Status IssueApiKey(grpc::ServerContext* context, const v1::IssueApiKeyRequest* request,
                           v1::IssuedApiKey* response) override;
  grpc::Status RotateApiKey(grpc::ServerContext* context, const v1::RotateApiKeyRequest* request,
                            v1::IssuedApiKey* response) override;
  grpc::Status RevokeApiKey(grpc::ServerContext* context, const v1::RevokeApiKeyRequest* request,
                            v1::ApiKey* response) override;
  grpc::Status ListApiKeys(grpc::ServerContext* context, const v1::ListApiKeysRequest* request,
                           v1::ListApiKeysResponse* response) override;
  grpc::Status SetMobileBackend(grpc::ServerContext* context,
                                const v1::SetMobileBackendRequest* request,
                                v1::MobileBackend* response) override;

 private:
  // A new key under `request`'s idempotency key, expiring at `expire_time` (or the default).
  absl::StatusOr<StoredApiKey> NewKey(const RequestKey& request,
                                      const google::protobuf::Timestamp& expire_time) const;
  v1::IssuedApiKey Issued(const v1::ApiKey& key) const;

  Authenticator& authenticator_;
  ApiKeyStore& keys_;
  MobileBackends& mobiles_;
  AuditLog& audit_;
  const Clock& clock_;
  const std::string issuing_secret_;
};

}  // namespace coalition::gateway
