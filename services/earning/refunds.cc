#include "services/earning/refunds.h"

#include <algorithm>
#include <string>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "services/account/client/ledger_outcome.h"
#include "services/account/client/posting_builder.h"
#include "services/common/caller.h"
#include "services/common/ids.h"
#include "services/common/limits.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/earning/earning.h"
#include "services/earning/promotion_funding.h"

namespace coalition::earning {
namespace {

// A reversal can lose a race with a spend of the same points: it is then decided again, with the
// member's new balance, this many times; the last decision takes nothing back, which cannot fail.
constexpr int kDecisions = 4;

account::v1::CreatePostingRequest ReversePosting(const ClaimedRefund& claimed,
                                                 const v1::Purchase& purchase) {
  const v1::Refund& refund = claimed.refund;
  // One ledger key per decision: the ledger's answer to a key is final, so a decision it refused
  // is never sent again with other points.
  account::v1::CreatePostingRequest posting = account::NewPosting(
      absl::StrCat("refund/", refund.partner_id(), "/", refund.partner_refund_id(),
                   claimed.decision == 0 ? "" : absl::StrCat("/", claimed.decision)),
      account::v1::REVERSE, refund.partner_id(), refund.member_id(), refund.partner_refund_id());
  account::AddLeg(posting, account::v1::MEMBER, refund.member_id(), -refund.points_reversed());
  // Back to whoever issued them: a joint promotion's co-funders get their share.
  AddIssuerLegs(posting, purchase.breakdown().funding(), refund.partner_id(),
                refund.points_reversed());
  return posting;
}

absl::Status ValidateRefundRequest(const v1::RefundPurchaseRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  RETURN_IF_ERROR(ValidateRequestId("partner_transaction_id", request.partner_transaction_id()));
  RETURN_IF_ERROR(ValidateRequestId("partner_refund_id", request.partner_refund_id()));
  return ValidatePositive("amount_minor", request.amount_minor(), kMaxAmount);
}

}  // namespace

int64_t PointsDueForRefund(int64_t points_earned, int64_t amount_minor,
                           int64_t refunded_before_minor, int64_t refund_minor) {
  const auto share = [&](int64_t refunded) {
    return static_cast<int64_t>(absl::int128(points_earned) * refunded / amount_minor);
  };
  return share(refunded_before_minor + refund_minor) - share(refunded_before_minor);
}

absl::StatusOr<v1::Refund> Refunds::Refund(absl::string_view caller,
                                           const v1::RefundPurchaseRequest& request) {
  RETURN_IF_ERROR(ValidateRefundRequest(request));
  RETURN_IF_ERROR(CheckActsFor(caller, "partner_id", request.partner_id()));
  const RequestKey key = RequestKey::Of(caller, request);
  return claims_.Run<v1::Refund>(
      key, [&]() -> absl::StatusOr<v1::Refund> { return RefundClaimed(key, request); });
}

absl::StatusOr<v1::Refund> Refunds::RefundClaimed(const RequestKey& key,
                                                  const v1::RefundPurchaseRequest& request) {
  const std::string refund_id = ids_.Derive("rfd", {key.caller, request.request_id()});
  const auto decide = [&](const v1::Purchase& purchase,
                          const RefundedSoFar& so_far) -> absl::StatusOr<v1::Refund> {
    if (purchase.state() != v1::Purchase::CONFIRMED) {
      return absl::FailedPreconditionError(
          absl::StrCat("partner_transaction_id: purchase ", purchase.purchase_id(), " is ",
                       v1::Purchase::State_Name(purchase.state()),
                       purchase.state() == v1::Purchase::PENDING ? ": cancel it instead" : ""));
    }
    if (request.amount_minor() > purchase.amount_minor()) {
      return absl::InvalidArgumentError(
          absl::StrCat("amount_minor: a refund of ", request.amount_minor(),
                       " is more than the purchase's ", purchase.amount_minor()));
    }
    const int64_t left = purchase.amount_minor() - so_far.amount_minor;
    if (request.amount_minor() > left) {
      return absl::FailedPreconditionError(
          absl::StrCat("amount_minor: a refund of ", request.amount_minor(), " is more than the ",
                       left, " of purchase ", purchase.purchase_id(), " not refunded yet"));
    }
    // Spent points stay spent: take back what the member still has, at most what is due.
    ASSIGN_OR_RETURN(const int64_t available, AvailablePoints(purchase.member_id()));
    v1::Refund refund;
    refund.set_refund_id(refund_id);
    refund.set_purchase_id(purchase.purchase_id());
    refund.set_partner_id(purchase.partner_id());
    refund.set_member_id(purchase.member_id());
    refund.set_partner_refund_id(request.partner_refund_id());
    refund.set_amount_minor(request.amount_minor());
    refund.set_points_due(PointsDueForRefund(purchase.points_earned(), purchase.amount_minor(),
                                             so_far.amount_minor, request.amount_minor()));
    refund.set_points_reversed(std::min(available, refund.points_due()));
    *refund.mutable_refund_time() = ToProtoTime(clock_.Now());
    return refund;
  };
  ASSIGN_OR_RETURN(ClaimedRefund claimed,
                   store_.Claim(key, request.partner_id(), request.partner_transaction_id(),
                                request.partner_refund_id(), decide));
  while (claimed.refund.points_reversed() > 0) {
    ASSIGN_OR_RETURN(const v1::Purchase purchase, purchases_.Get(claimed.refund.purchase_id()));
    absl::StatusOr<account::v1::Posting> posted =
        accounts_.CreatePosting(ReversePosting(claimed, purchase));
    if (posted.ok()) {
      claimed.refund.set_posting_sequence(posted->sequence());
      break;
    }
    const account::LedgerOutcome outcome = account::ClassifyLedgerAnswer(posted.status());
    // The member is gone (or the posting cannot post as built): the refund takes nothing back and
    // leaves nothing behind.
    if (outcome == account::LedgerOutcome::kRefusedAsBuilt) {
      RETURN_IF_ERROR(store_.Withdraw(refund_id));
      return posted.status();
    }
    // On UNAVAILABLE or a deadline the posting may have happened: the decision stands for the
    // retry, which re-sends it under the same ledger key.
    if (outcome != account::LedgerOutcome::kRefusedByState) return posted.status();
    // The member spent the points between the decision and the posting (which the ledger
    // refused, so nothing moved): decide again from what she has now.
    int64_t points = 0;
    if (claimed.decision + 1 < kDecisions) {
      ASSIGN_OR_RETURN(const int64_t available, AvailablePoints(claimed.refund.member_id()));
      points = std::min(available, claimed.refund.points_reversed() - 1);
    }
    ASSIGN_OR_RETURN(claimed, store_.Redecide(refund_id, claimed.decision, points));
  }
  return claimed.refund;
}

absl::StatusOr<int64_t> Refunds::AvailablePoints(const std::string& member_id) {
  ASSIGN_OR_RETURN(const account::v1::Balance balance,
                   accounts_.GetBalance(member_id, std::nullopt));
  return std::max<int64_t>(balance.available_points(), 0);
}

}  // namespace coalition::earning
