#include "services/account/corporates.h"

#include "services/common/ids.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {

absl::StatusOr<v1::CorporateAccount> Corporates::Create(
    absl::string_view caller, const v1::CreateCorporateAccountRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateText("display_name", request.display_name(), 200, /*required=*/true));
  v1::CorporateAccount company;
  company.set_corporate_id(NewId("corp"));  // ignored by the store when the request is a retry
  company.set_display_name(request.display_name());
  *company.mutable_create_time() = ToProtoTime(clock_.Now());
  return store_.Create(RequestKey::Of(caller, request), company);
}

absl::StatusOr<v1::CorporateAccount> Corporates::Get(
    const v1::GetCorporateAccountRequest& request) {
  RETURN_IF_ERROR(ValidateId("corporate_id", request.corporate_id()));
  return store_.Get(request.corporate_id());
}

absl::StatusOr<v1::Member> Corporates::Link(absl::string_view caller,
                                            const v1::LinkMemberToCorporateRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  if (!request.corporate_id().empty()) {
    RETURN_IF_ERROR(ValidateId("corporate_id", request.corporate_id()));
  }
  return store_.Link(RequestKey::Of(caller, request), request.member_id(), request.corporate_id(),
                     clock_.Now());
}

}  // namespace coalition::account
