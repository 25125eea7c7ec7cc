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

account::v1::CreatePostingRequest EarnPosting(const v1::RecordPurchaseRequest& request,
                                              int64_t points) {
  account::v1::CreatePostingRequest posting;
  // Keyed by the partner's transaction: one purchase can never be credited twice.
  posting.set_request_id(
      absl::StrCat("purchase/", request.partner_id(), "/", request.partner_transaction_id()));
  posting.set_type(account::v1::EARN);
  posting.set_partner_id(request.partner_id());
  posting.set_member_id(request.member_id());
  posting.set_reference(request.partner_transaction_id());
  account::v1::Leg* issued = posting.add_legs();
  issued->mutable_account()->set_kind(account::v1::PARTNER_ISSUED);
  issued->mutable_account()->set_owner_id(request.partner_id());
  issued->set_points(-points);
  account::v1::Leg* member = posting.add_legs();
  member->mutable_account()->set_kind(account::v1::MEMBER);
  member->mutable_account()->set_owner_id(request.member_id());
  member->set_points(points);
  return posting;
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
  const RequestKey key = RequestKey::Of(caller, request);
  ASSIGN_OR_RETURN(std::optional<v1::Purchase> earlier, store_.FindByRequest(key));
  if (earlier) return *std::move(earlier);
  ASSIGN_OR_RETURN(
      std::optional<v1::Purchase> same_transaction,
      store_.FindByPartnerTransaction(request.partner_id(), request.partner_transaction_id()));
  if (same_transaction) {
    return absl::AlreadyExistsError(
        absl::StrCat("partner_transaction_id: '", request.partner_transaction_id(),
                     "' was already recorded as purchase ", same_transaction->purchase_id()));
  }

  ASSIGN_OR_RETURN(admin::v1::Partner partner, accounts_.GetPartner(request.partner_id()));
  if (request.currency() != partner.currency()) {
    return absl::InvalidArgumentError(absl::StrCat("currency: partner '", partner.partner_id(),
                                                   "' takes ", partner.currency(), ", got ",
                                                   request.currency()));
  }
  ASSIGN_OR_RETURN(int64_t points,
                   EarnedPoints(request.amount_minor(), partner.earn_rate().points(),
                                partner.earn_rate().per_amount_minor()));

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

  if (points > 0) {
    absl::StatusOr<account::v1::Posting> posted =
        accounts_.CreatePosting(EarnPosting(request, points));
    if (absl::IsAlreadyExists(posted.status())) {
      // Another request for this partner transaction, with other details, posted first.
      return absl::AlreadyExistsError(
          absl::StrCat("partner_transaction_id: '", request.partner_transaction_id(),
                       "' was already recorded with different details"));
    }
    if (!posted.ok()) return posted.status();
    purchase.set_posting_sequence(posted->sequence());
  } else {
    // No posting to vouch for the member: check it exists before recording.
    RETURN_IF_ERROR(accounts_.GetMember(request.member_id()).status());
  }
  return store_.Insert(key, purchase);
}

}  // namespace coalition::earning
