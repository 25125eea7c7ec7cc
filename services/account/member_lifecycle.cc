#include "services/account/member_lifecycle.h"

#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {

absl::StatusOr<v1::Member> MemberLifecycle::Close(absl::string_view caller,
                                                  const v1::CloseMemberRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  RETURN_IF_ERROR(ValidateText("reason", request.reason(), 500, /*required=*/true));
  return store_.Close(RequestKey::Of(caller, request), request.member_id(), request.reason(),
                      clock_.Now());
}

absl::StatusOr<v1::Member> MemberLifecycle::Merge(absl::string_view caller,
                                                  const v1::MergeMembersRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("source_member_id", request.source_member_id()));
  RETURN_IF_ERROR(ValidateId("target_member_id", request.target_member_id()));
  if (request.source_member_id() == request.target_member_id()) {
    return absl::InvalidArgumentError("target_member_id: must differ from source_member_id");
  }
  RETURN_IF_ERROR(ValidateText("reason", request.reason(), 500, /*required=*/true));
  return store_.Merge(RequestKey::Of(caller, request), request.source_member_id(),
                      request.target_member_id(), request.reason(), clock_.Now());
}

}  // namespace coalition::account
