#include "partner-gateway/access_service.h"

#include "absl/strings/str_cat.h"
#include "services/common/grpc_reply.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"
#include "services/common/time_validation.h"
#include "services/common/validation.h"

namespace coalition::gateway {
namespace {

constexpr absl::Duration kDefaultKeyLife = absl::Hours(24 * 90);
constexpr absl::Duration kLongestKeyLife = absl::Hours(24 * 365);
constexpr absl::Duration kLongestOverlap = absl::Hours(24 * 30);

constexpr char kService[] = "/coalition.gateway.v1.AccessService/";

absl::Status NotOperator() {
  return absl::PermissionDeniedError("access (API keys, mobile backends) is the operator's only");
}

absl::StatusOr<Identity> OperatorOnly(Authenticator& authenticator,
                                      const grpc::ServerContext& context) {
  ASSIGN_OR_RETURN(const Identity who, authenticator.Identify(context));
  if (who.role != Role::kOperator) return NotOperator();
  return who;
}

// Runs an operator's mutation and audits it, refused or not (unidentified callers are not).
template <typename Response>
grpc::Status Mutate(Authenticator& authenticator, AuditLog& audit,
                    const grpc::ServerContext& context, absl::string_view method,
                    const google::protobuf::Message& request, Response* response,
                    const std::function<absl::StatusOr<Response>(const Identity&)>& work) {
  const absl::StatusOr<Identity> who = authenticator.Identify(context);
  if (!who.ok()) return Reply<Response>(who.status(), response);
  absl::StatusOr<Response> result =
      who->role == Role::kOperator ? work(*who) : absl::StatusOr<Response>(NotOperator());
  audit.AppendCall(*who, absl::StrCat(kService, method), request.SerializeAsString(),
                   static_cast<int>(result.status().code()));
  return Reply(std::move(result), response);
}

absl::StatusOr<Identity> KeyHolder(absl::string_view identity) {
  absl::StatusOr<Identity> who = ParseIdentity(identity);  // "identity: ..." when malformed
  if (!who.ok()) return who.status();
  if (who->role == Role::kOperator) {
    return absl::InvalidArgumentError(
        "identity: API keys are for partners and mobile backends; the operator uses its "
        "certificate");
  }
  return who;
}

}  // namespace

absl::StatusOr<StoredApiKey> AccessServiceHandler::NewKey(
    const RequestKey& request, const google::protobuf::Timestamp& expire_time) const {
  if (issuing_secret_.empty()) {
    return absl::FailedPreconditionError(
        "this gateway has no API key issuing secret (--api_key_secret_file)");
  }
  const absl::Time now = clock_.Now();
  StoredApiKey key;
  key.expire_time = now + kDefaultKeyLife;
  if (expire_time.seconds() != 0 || expire_time.nanos() != 0) {
    ASSIGN_OR_RETURN(key.expire_time, RequestTime("expire_time", expire_time));
    if (key.expire_time <= now || key.expire_time > now + kLongestKeyLife) {
      return absl::InvalidArgumentError(
          "expire_time: must be in the future and at most 365 days ahead");
    }
  }
  key.key_id = DerivedId("key", {request.caller, request.request_id});
  key.salt_hex = NewSaltHex();
  key.secret_sha256_hex = SaltedSha256Hex(key.salt_hex, ApiKeySecret(issuing_secret_, key.key_id));
  return key;
}

v1::IssuedApiKey AccessServiceHandler::Issued(const v1::ApiKey& key) const {
  v1::IssuedApiKey issued;
  *issued.mutable_key() = key;
  issued.set_token(absl::StrCat(key.key_id(), ".", ApiKeySecret(issuing_secret_, key.key_id())));
  return issued;
}

grpc::Status AccessServiceHandler::IssueApiKey(grpc::ServerContext* context,
                                               const v1::IssueApiKeyRequest* request,
                                               v1::IssuedApiKey* response) {
  return Mutate<v1::IssuedApiKey>(
      authenticator_, audit_, *context, "IssueApiKey", *request, response,
      [&](const Identity& who) -> absl::StatusOr<v1::IssuedApiKey> {
        RETURN_IF_ERROR(ValidateRequestId("request_id", request->request_id()));
        RETURN_IF_ERROR(KeyHolder(request->identity()).status());
        const RequestKey key = RequestKey::Of(who.caller, *request);
        ASSIGN_OR_RETURN(StoredApiKey stored, NewKey(key, request->expire_time()));
        stored.identity = request->identity();
        ASSIGN_OR_RETURN(const v1::ApiKey issued, keys_.Insert(key, stored, clock_.Now()));
        return Issued(issued);
      });
}

grpc::Status AccessServiceHandler::RotateApiKey(grpc::ServerContext* context,
                                                const v1::RotateApiKeyRequest* request,
                                                v1::IssuedApiKey* response) {
  return Mutate<v1::IssuedApiKey>(
      authenticator_, audit_, *context, "RotateApiKey", *request, response,
      [&](const Identity& who) -> absl::StatusOr<v1::IssuedApiKey> {
        RETURN_IF_ERROR(ValidateRequestId("request_id", request->request_id()));
        RETURN_IF_ERROR(ValidateId("key_id", request->key_id()));
        ASSIGN_OR_RETURN(const absl::Duration overlap,
                         RequestDuration("old_key_valid_for", request->old_key_valid_for(),
                                         absl::ZeroDuration(), kLongestOverlap));
        const RequestKey key = RequestKey::Of(who.caller, *request);
        ASSIGN_OR_RETURN(const StoredApiKey replacement, NewKey(key, request->expire_time()));
        const absl::Time now = clock_.Now();
        ASSIGN_OR_RETURN(const v1::ApiKey issued,
                         keys_.Rotate(key, request->key_id(), now + overlap, replacement, now));
        authenticator_.Forget(request->key_id());
        return Issued(issued);
      });
}

grpc::Status AccessServiceHandler::RevokeApiKey(grpc::ServerContext* context,
                                                const v1::RevokeApiKeyRequest* request,
                                                v1::ApiKey* response) {
  return Mutate<v1::ApiKey>(
      authenticator_, audit_, *context, "RevokeApiKey", *request, response,
      [&](const Identity& who) -> absl::StatusOr<v1::ApiKey> {
        RETURN_IF_ERROR(ValidateRequestId("request_id", request->request_id()));
        RETURN_IF_ERROR(ValidateId("key_id", request->key_id()));
        RETURN_IF_ERROR(ValidateText("reason", request->reason(), 500, /*required=*/true));
        ASSIGN_OR_RETURN(const v1::ApiKey revoked,
                         keys_.Revoke(RequestKey::Of(who.caller, *request), request->key_id(),
                                      request->reason(), clock_.Now()));
        authenticator_.Forget(request->key_id());
        return revoked;
      });
}

grpc::Status AccessServiceHandler::ListApiKeys(grpc::ServerContext* context,
                                               const v1::ListApiKeysRequest* request,
                                               v1::ListApiKeysResponse* response) {
  const auto list = [&]() -> absl::StatusOr<v1::ListApiKeysResponse> {
    RETURN_IF_ERROR(OperatorOnly(authenticator_, *context).status());
    if (!request->identity().empty()) RETURN_IF_ERROR(KeyHolder(request->identity()).status());
    return keys_.List(request->identity());
  };
  return Reply(list(), response);
}

grpc::Status AccessServiceHandler::SetMobileBackend(grpc::ServerContext* context,
                                                    const v1::SetMobileBackendRequest* request,
                                                    v1::MobileBackend* response) {
  return Mutate<v1::MobileBackend>(
      authenticator_, audit_, *context, "SetMobileBackend", *request, response,
      [&](const Identity& who) -> absl::StatusOr<v1::MobileBackend> {
        RETURN_IF_ERROR(ValidateRequestId("request_id", request->request_id()));
        const v1::MobileBackend& backend = request->backend();
        RETURN_IF_ERROR(ValidateId("backend.mobile_id", backend.mobile_id()));
        if (backend.all_members() == !backend.members_of_partner_id().empty()) {
          return absl::InvalidArgumentError(
              "backend: set exactly one of members_of_partner_id and all_members");
        }
        if (!backend.all_members()) {
          RETURN_IF_ERROR(
              ValidateId("backend.members_of_partner_id", backend.members_of_partner_id()));
        }
        return mobiles_.Set(RequestKey::Of(who.caller, *request), backend);
      });
}

}  // namespace coalition::gateway
