#include "services/account/households.h"

#include "services/common/ids.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {

absl::StatusOr<v1::Household> Households::Create(absl::string_view caller,
                                                 const v1::CreateHouseholdRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("owner_member_id", request.owner_member_id()));
  RETURN_IF_ERROR(ValidateText("display_name", request.display_name(), 200, /*required=*/true));
  v1::Household household;
  household.set_household_id(NewId("hh"));  // ignored by the store when the request is a retry
  household.set_display_name(request.display_name());
  household.set_owner_member_id(request.owner_member_id());
  *household.mutable_create_time() = ToProtoTime(clock_.Now());
  return store_.Create(RequestKey::Of(caller, request), household);
}

absl::StatusOr<v1::Household> Households::AddMember(absl::string_view caller,
                                                    const v1::AddHouseholdMemberRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("household_id", request.household_id()));
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  return store_.AddMember(RequestKey::Of(caller, request), request.household_id(),
                          request.member_id(), clock_.Now());
}

absl::StatusOr<v1::Household> Households::RemoveMember(
    absl::string_view caller, const v1::RemoveHouseholdMemberRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("household_id", request.household_id()));
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  return store_.RemoveMember(RequestKey::Of(caller, request), request.household_id(),
                             request.member_id(), clock_.Now());
}

absl::StatusOr<v1::Household> Households::Get(const v1::GetHouseholdRequest& request) {
  RETURN_IF_ERROR(ValidateId("household_id", request.household_id()));
  return store_.Get(request.household_id());
}

}  // namespace coalition::account
