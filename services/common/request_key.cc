#include "services/common/request_key.h"

#include "absl/strings/str_cat.h"
#include "services/common/fingerprint.h"

namespace coalition {

RequestKey RequestKey::Of(absl::string_view caller, const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  std::string request_id =
      field == nullptr ? std::string() : request.GetReflection()->GetString(request, field);
  return RequestKey{std::string(caller), std::move(request_id), RequestFingerprint(request)};
}

absl::Status RequestIdReused(const RequestKey& key) {
  return absl::AlreadyExistsError(
      absl::StrCat("request_id: '", key.request_id, "' was already used for a different request"));
}

absl::Status CheckSameRequest(absl::string_view stored_fingerprint, const RequestKey& key) {
  return stored_fingerprint == key.fingerprint ? absl::OkStatus() : RequestIdReused(key);
}

}  // namespace coalition
