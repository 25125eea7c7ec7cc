#include "services/redemption/spend_control_admin.h"

#include "services/common/limits.h"
#include "services/common/page_token.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/redemption/spend_limits.h"

namespace coalition::redemption {

absl::StatusOr<v1::PartnerRedemptions> SpendControlAdmin::SetSwitch(
    absl::string_view caller, const v1::SetPartnerRedemptionsRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  RETURN_IF_ERROR(ValidateText("reason", request.reason(), 512, /*required=*/true));
  RETURN_IF_ERROR(accounts_.GetPartner(request.partner_id()).status());
  return controls_.SetSwitch(RequestKey::Of(caller, request), request, clock_.Now());
}

absl::StatusOr<v1::BurnLimits> SpendControlAdmin::SetLimits(
    absl::string_view caller, const v1::SetBurnLimitsRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateBurnLimits(request.limits()));
  return controls_.SetLimits(RequestKey::Of(caller, request), request.limits(), clock_.Now());
}

absl::StatusOr<v1::ListBurnRefusalsResponse> SpendControlAdmin::Refusals(
    const v1::ListBurnRefusalsRequest& request) {
  if (request.member_id().empty() == request.partner_id().empty()) {
    return absl::InvalidArgumentError("member_id: give exactly one of member_id or partner_id");
  }
  if (!request.member_id().empty()) RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  if (!request.partner_id().empty()) {
    RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  }
  ASSIGN_OR_RETURN(const int32_t limit, PageSize(request.page_size(), kDefaultPageSize, kMaxPageSize));
  ASSIGN_OR_RETURN(std::vector<v1::BurnRefusal> refusals,
                   controls_.Refusals(request.member_id(), request.partner_id(), limit));
  v1::ListBurnRefusalsResponse response;
  for (v1::BurnRefusal& refusal : refusals) *response.add_refusals() = std::move(refusal);
  return response;
}

}  // namespace coalition::redemption
