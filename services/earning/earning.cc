#include "services/earning/earning.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/ids.h"
#include "services/common/proto_time.h"
#include "services/common/rate_math.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::earning {
namespace {

account::v1::CreatePostingRequest EarnPosting(const v1::Purchase& purchase) {
  account::v1::CreatePostingRequest posting;
  // Keyed by the partner's transaction: one purchase can never be credited twice.
  posting.set_request_id(
      absl::StrCat("purchase/", purchase.partner_id(), "/", purchase.partner_transaction_id()));
  posting.set_type(account::v1::EARN);
  posting.set_partner_id(purchase.partner_id());
  posting.set_member_id(purchase.member_id());
  posting.set_reference(purchase.partner_transaction_id());
  account::v1::Leg* issued = posting.add_legs();
  issued->mutable_account()->set_kind(account::v1::PARTNER_ISSUED);
  issued->mutable_account()->set_owner_id(purchase.partner_id());
  issued->set_points(-purchase.points_earned());
  account::v1::Leg* member = posting.add_legs();
  member->mutable_account()->set_kind(account::v1::MEMBER);
  member->mutable_account()->set_owner_id(purchase.member_id());
  member->set_points(purchase.points_earned());
  return posting;
}

// The ledger said no and will say no again: nothing was posted, so the claim can go.
bool RefusedForGood(const absl::Status& status) {
  return absl::IsNotFound(status) || absl::IsInvalidArgument(status) ||
         absl::IsFailedPrecondition(status) || absl::IsAlreadyExists(status);
}

}  // namespace

absl::Status ValidatePurchaseRequest(const v1::RecordPurchaseRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  RETURN_IF_ERROR(ValidatePositive("amount_minor", request.amount_minor(), kMaxAmountMinor));
  RETURN_IF_ERROR(ValidateCurrency("currency", request.currency()));
  RETURN_IF_ERROR(ValidateText("category", request.category(), 64, /*required=*/false));
  RETURN_IF_ERROR(ValidateRequestId("partner_transaction_id", request.partner_transaction_id()));
  return absl::OkStatus();
}

absl::StatusOr<v1::Purchase> Earning::RecordPurchase(absl::string_view caller,
                                                     const v1::RecordPurchaseRequest& request) {
  RETURN_IF_ERROR(ValidatePurchaseRequest(request));
  ASSIGN_OR_RETURN(admin::v1::Partner partner, partners_.Get(request.partner_id()));
  if (request.currency() != partner.currency()) {
    return absl::InvalidArgumentError(absl::StrCat("currency: partner '", partner.partner_id(),
                                                   "' takes ", partner.currency(), ", got ",
                                                   request.currency()));
  }
  ASSIGN_OR_RETURN(int64_t points,
                   EarnedPoints(request.amount_minor(), partner.earn_rate().points(),
                                partner.earn_rate().per_amount_minor()));
  if (points == 0) {
    // No posting will vouch for the member: check it exists before recording.
    RETURN_IF_ERROR(accounts_.GetMember(request.member_id()).status());
  }

  v1::Purchase purchase;
  purchase.set_purchase_id(NewId("pur"));
  purchase.set_partner_id(request.partner_id());
  purchase.set_member_id(request.member_id());
  purchase.set_amount_minor(request.amount_minor());
  purchase.set_currency(request.currency());
  purchase.set_category(request.category());
  purchase.set_partner_transaction_id(request.partner_transaction_id());
  purchase.set_points_earned(points);
  *purchase.mutable_record_time() = ToProtoTime(clock_.Now());
  // A retry gets the purchase its first attempt claimed, and credits exactly that.
  ASSIGN_OR_RETURN(v1::Purchase claimed, store_.Claim(RequestKey::Of(caller, request), purchase));
  return Credit(std::move(claimed));
}

absl::StatusOr<v1::Purchase> Earning::Credit(v1::Purchase purchase) {
  if (purchase.points_earned() == 0) return purchase;
  absl::StatusOr<account::v1::Posting> posted = accounts_.CreatePosting(EarnPosting(purchase));
  if (!posted.ok()) {
    // On UNAVAILABLE or a deadline the posting may have happened: the claim stays for the retry.
    if (RefusedForGood(posted.status())) RETURN_IF_ERROR(store_.Withdraw(purchase.purchase_id()));
    return posted.status();
  }
  purchase.set_posting_sequence(posted->sequence());
  return purchase;
}

}  // namespace coalition::earning
