#include "services/account/point_blocks.h"

#include "absl/strings/str_cat.h"
#include "services/account/ledger_rules.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {

absl::StatusOr<admin::v1::PointBlock> PointBlocks::Buy(
    absl::string_view caller, const admin::v1::BuyPointBlockRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  RETURN_IF_ERROR(ValidatePositive("points", request.points(), kMaxLegPoints));
  ASSIGN_OR_RETURN(const admin::v1::Partner partner, parties_.GetPartner(request.partner_id()));
  if (!partner.prepaid()) {
    return absl::FailedPreconditionError(
        absl::StrCat("partner_id: partner '", request.partner_id(),
                     "' is post-paid: it is billed for the points it issues each period"));
  }
  v1::CreatePostingRequest posting;
  posting.set_request_id(request.request_id());
  posting.set_type(v1::BLOCK_PURCHASE);
  posting.set_partner_id(request.partner_id());
  posting.set_reference("point block");
  v1::Leg* issued = posting.add_legs();
  issued->mutable_account()->set_kind(v1::PARTNER_ISSUED);
  issued->mutable_account()->set_owner_id(request.partner_id());
  issued->set_points(-request.points());
  v1::Leg* block = posting.add_legs();
  block->mutable_account()->set_kind(v1::PARTNER_PREPAID);
  block->mutable_account()->set_owner_id(request.partner_id());
  block->set_points(request.points());
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
