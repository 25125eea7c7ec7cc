#include "partner-gateway/grpc/access_service.h"

#include "absl/strings/str_cat.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"
#include "services/common/time_validation.h"
#include "services/common/validation.h"

namespace coalition::gateway {
namespace {

constexpr absl::Duration kDefaultKeyLife = absl::Hours(24 * 90);
constexpr absl::Duration kLongestKeyLife = absl::Hours(24 * 365);
constexpr absl::Duration kLongestOverlap = absl::Hours(24 * 30);

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

absl::StatusOr<StoredApiKey> AccessService::NewKey(
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

v1::IssuedApiKey AccessService::Issued(const v1::ApiKey& key) const {
  v1::IssuedApiKey issued;
  *issued.mutable_key() = key;
  issued.set_token(absl::StrCat(key.key_id(), ".", ApiKeySecret(issuing_secret_, key.key_id())));
  return issued;
}

absl::StatusOr<v1::IssuedApiKey> AccessService::IssueApiKey(const Identity& who,
                                                            const v1::IssueApiKeyRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(KeyHolder(request.identity()).status());
  const RequestKey key = RequestKey::Of(who.caller, request);
  ASSIGN_OR_RETURN(StoredApiKey stored, NewKey(key, request.expire_time()));
  stored.identity = request.identity();
  ASSIGN_OR_RETURN(const v1::ApiKey issued, keys_.Insert(key, stored, clock_.Now()));
  return Issued(issued);
}

absl::StatusOr<v1::IssuedApiKey> AccessService::RotateApiKey(
    const Identity& who, const v1::RotateApiKeyRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("key_id", request.key_id()));
  ASSIGN_OR_RETURN(const absl::Duration overlap,
                   RequestDuration("old_key_valid_for", request.old_key_valid_for(),
                                   absl::ZeroDuration(), kLongestOverlap));
  const RequestKey key = RequestKey::Of(who.caller, request);
  ASSIGN_OR_RETURN(const StoredApiKey replacement, NewKey(key, request.expire_time()));
  const absl::Time now = clock_.Now();
  ASSIGN_OR_RETURN(const v1::ApiKey issued,
                   keys_.Rotate(key, request.key_id(), now + overlap, replacement, now));
  authenticator_.Forget(request.key_id());
  return Issued(issued);
}

absl::StatusOr<v1::ApiKey> AccessService::RevokeApiKey(const Identity& who,
                                                       const v1::RevokeApiKeyRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("key_id", request.key_id()));
  RETURN_IF_ERROR(ValidateText("reason", request.reason(), 500, /*required=*/true));
  ASSIGN_OR_RETURN(const v1::ApiKey revoked,
                   keys_.Revoke(RequestKey::Of(who.caller, request), request.key_id(),
                                request.reason(), clock_.Now()));
  authenticator_.Forget(request.key_id());
  return revoked;
}

absl::StatusOr<v1::ListApiKeysResponse> AccessService::ListApiKeys(
    const v1::ListApiKeysRequest& request) {
  if (!request.identity().empty()) RETURN_IF_ERROR(KeyHolder(request.identity()).status());
  return keys_.List(request.identity());
}

absl::StatusOr<v1::MobileBackend> AccessService::SetMobileBackend(
    const Identity& who, const v1::SetMobileBackendRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  const v1::MobileBackend& backend = request.backend();
  RETURN_IF_ERROR(ValidateId("backend.mobile_id", backend.mobile_id()));
  if (backend.all_members() == !backend.members_of_partner_id().empty()) {
    return absl::InvalidArgumentError(
        "backend: set exactly one of members_of_partner_id and all_members");
  }
  if (!backend.all_members()) {
    RETURN_IF_ERROR(ValidateId("backend.members_of_partner_id", backend.members_of_partner_id()));
  }
  return mobiles_.Set(RequestKey::Of(who.caller, request), backend);
}

}  // namespace coalition::gateway
