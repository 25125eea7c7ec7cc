#include "services/account/point_blocks.h"

#include "absl/strings/str_cat.h"
#include "services/account/client/posting_builder.h"
#include "services/account/ledger_rules.h"
#include "services/common/limits.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {

absl::StatusOr<admin::v1::PointBlock> PointBlocks::Buy(
    absl::string_view caller, const admin::v1::BuyPointBlockRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  RETURN_IF_ERROR(ValidatePositive("points", request.points(), kMaxAmount));
  ASSIGN_OR_RETURN(const admin::v1::Partner partner, parties_.GetPartner(request.partner_id()));
  if (!partner.prepaid()) {
    return absl::FailedPreconditionError(
        absl::StrCat("partner_id: partner '", request.partner_id(),
                     "' is post-paid: it is billed for the points it issues each period"));
  }
  v1::CreatePostingRequest posting =
      NewPosting(request.request_id(), v1::BLOCK_PURCHASE, request.partner_id(), /*member_id=*/"",
                 "point block");
  AddLeg(posting, v1::PARTNER_ISSUED, request.partner_id(), -request.points());
  AddLeg(posting, v1::PARTNER_PREPAID, request.partner_id(), request.points());
  // Keyed by the caller's own request: a retry gets the first posting back.
  PostingDraft draft = DraftOf(caller, posting, clock_.Now());
  draft.key = RequestKey::Of(caller, request);
  ASSIGN_OR_RETURN(const v1::Posting posted, ledger_.Append(draft));
  ASSIGN_OR_RETURN(const admin::v1::Partner after, parties_.GetPartner(request.partner_id()));
  admin::v1::PointBlock bought;
  bought.set_partner_id(request.partner_id());
  bought.set_points(request.points());
  bought.set_prepaid_points(after.prepaid_points());
  bought.set_posting_sequence(posted.sequence());
  return bought;
}

absl::StatusOr<admin::v1::ListPartnerAlertsResponse> PointBlocks::Alerts(
    const admin::v1::ListPartnerAlertsRequest& request) {
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  return alerts_.Recent(request.partner_id());
}

}  // namespace coalition::account
