#include "services/redemption/redemption.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/account/client/ledger_outcome.h"
#include "services/account/client/posting_builder.h"
#include "services/common/bounded_steps.h"
#include "services/common/caller.h"
#include "services/common/fingerprint.h"
#include "services/common/ids.h"
#include "services/common/limits.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/time_validation.h"
#include "services/common/validation.h"
#include "services/redemption/burn_terms.h"
#include "services/redemption/reimbursement.h"

namespace coalition::redemption {
namespace {

using account::AddLeg;
using account::NewPosting;

absl::Status ValidateSpend(const std::string& request_id, const std::string& partner_id,
                           const std::string& member_id, int64_t points) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request_id));
  RETURN_IF_ERROR(ValidateId("partner_id", partner_id));
  RETURN_IF_ERROR(ValidateId("member_id", member_id));
  return ValidatePositive("points", points, kMaxAmount);
}

// A capture or void of a hold that is no longer HELD: the first answer again if this very request
// closed it, else the reason it cannot be done.
absl::StatusOr<v1::Hold> AlreadyClosed(const RedemptionStore::StoredHold& stored,
                                       const RequestKey& key) {
  if (stored.closed_by && stored.closed_by->caller == key.caller &&
      stored.closed_by->request_id == key.request_id) {
    RETURN_IF_ERROR(CheckSameRequest(stored.closed_by->fingerprint, key));
    return stored.hold;
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "hold '", stored.hold.hold_id(), "' is already ", v1::Hold::State_Name(stored.hold.state())));
}

// The hold's close is claimed by this very request.
bool ClaimedBy(const RedemptionStore::StoredHold& stored, const RequestKey& key) {
  return stored.closed_by && stored.closed_by->caller == key.caller &&
         stored.closed_by->request_id == key.request_id &&
         stored.closed_by->fingerprint == key.fingerprint;
}

absl::Status ValidateBill(int64_t bill_amount_minor, const std::string& currency) {
  if (bill_amount_minor == 0) return absl::OkStatus();
  RETURN_IF_ERROR(ValidatePositive("bill_amount_minor", bill_amount_minor, kMaxAmount));
  return ValidateCurrency("currency", currency);
}

}  // namespace

bool RedeemRefusedForGood(const absl::Status& status) {
  return account::LedgerRefusedForGood(status) || absl::IsResourceExhausted(status);
}

absl::Status Redemption::CheckTerms(const std::string& partner_id, int64_t points,
                                    int64_t bill_amount_minor, const std::string& currency) {
  ASSIGN_OR_RETURN(const std::optional<v1::BurnTerms> terms,
                   terms_.InForce(partner_id, clock_.Now()));
  if (!terms) return absl::OkStatus();
  ASSIGN_OR_RETURN(const admin::v1::Partner partner, partners_.Get(partner_id));
  return CheckSpend(*terms, points, bill_amount_minor, currency, partner.currency());
}

absl::StatusOr<v1::RedemptionQuote> Redemption::Quote(
    const v1::QuoteRedemptionRequest& request, const std::optional<std::string>& member_scope) {
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  RETURN_IF_ERROR(ValidatePositive("bill_amount_minor", request.bill_amount_minor(), kMaxAmount));
  RETURN_IF_ERROR(ValidateCurrency("currency", request.currency()));
  // First, so a member outside the caller's scope is refused whatever the partner's terms.
  ASSIGN_OR_RETURN(const account::v1::Balance balance,
                   accounts_.GetBalance(request.member_id(), member_scope));
  ASSIGN_OR_RETURN(const admin::v1::Partner partner, partners_.Get(request.partner_id()));
  ASSIGN_OR_RETURN(std::optional<v1::BurnTerms> terms,
                   terms_.InForce(request.partner_id(), clock_.Now()));
  if (!terms) {
    return absl::FailedPreconditionError(absl::StrCat("partner_id: partner '", request.partner_id(),
                                                      "' has published no burn terms"));
  }
  RETURN_IF_ERROR(CheckCurrency(*terms, request.currency(), partner.currency()));
  return QuoteBill(*terms, request.bill_amount_minor(), balance.available_points());
}

absl::StatusOr<v1::Redemption> Redemption::Redeem(absl::string_view caller,
                                                  const v1::RedeemRequest& request) {
  RETURN_IF_ERROR(ValidateSpend(request.request_id(), request.partner_id(), request.member_id(),
                                request.points()));
  RETURN_IF_ERROR(ValidateBill(request.bill_amount_minor(), request.currency()));
  RETURN_IF_ERROR(CheckActsFor(caller, "partner_id", request.partner_id()));
  if (!request.household_id().empty()) {
    RETURN_IF_ERROR(ValidateId("household_id", request.household_id()));
  }
  const RequestKey key = RequestKey::Of(caller, request);
  return claims_.Run<v1::Redemption>(
      key, [&]() -> absl::StatusOr<v1::Redemption> { return RedeemClaimed(key, request); });
}

absl::StatusOr<v1::Redemption> Redemption::RedeemClaimed(const RequestKey& key,
                                                         const v1::RedeemRequest& request) {
  const std::string& caller = key.caller;
  // Made before claims recorded answers: the first answer, whatever changed since.
  ASSIGN_OR_RETURN(std::optional<v1::Redemption> earlier, store_.FindRedemption(key));
  if (earlier) return *std::move(earlier);
  RETURN_IF_ERROR(CheckTerms(request.partner_id(), request.points(), request.bill_amount_minor(),
                             request.currency()));
  // Derived from the key, so a retry re-sends the very same posting and the ledger returns the
  // first one; InsertRedemption then finds the first row.
  ASSIGN_OR_RETURN(const admin::v1::Partner partner, partners_.Get(request.partner_id()));
  // Before the posting: points whose reimbursement does not fit are refused, not spent.
  ASSIGN_OR_RETURN(const v1::Reimbursement reimbursement,
                   ReimbursementFor(partner, request.points()));
  const std::string redemption_id = ids_.Derive("rdm", {caller, request.request_id()});
  RETURN_IF_ERROR(controls_.Admit(
      key, {redemption_id, request.member_id(), request.partner_id(), request.points()},
      clock_.Now()));
  auto posting = NewPosting(absl::StrCat("redeem/", redemption_id), account::v1::REDEEM,
                            request.partner_id(), request.member_id(), redemption_id);
  if (request.household_id().empty()) {
    AddLeg(posting, account::v1::MEMBER, request.member_id(), -request.points());
  } else {
    // The ledger refuses the debit unless the member owns the household.
    AddLeg(posting, account::v1::HOUSEHOLD, request.household_id(), -request.points());
  }
  AddLeg(posting, account::v1::PARTNER_REDEEMED, request.partner_id(), request.points());
  ASSIGN_OR_RETURN(account::v1::Posting posted, PostAdmitted(key, redemption_id, posting));

  v1::Redemption redemption;
  *redemption.mutable_reimbursement() = reimbursement;
  redemption.set_redemption_id(redemption_id);
  redemption.set_partner_id(request.partner_id());
  redemption.set_member_id(request.member_id());
  redemption.set_household_id(request.household_id());
  redemption.set_points(request.points());
  redemption.set_posting_sequence(posted.sequence());
  *redemption.mutable_redeem_time() = posted.occur_time();
  return store_.InsertRedemption(key, redemption);
}

absl::StatusOr<v1::Hold> Redemption::HoldPoints(absl::string_view caller,
                                                const v1::HoldPointsRequest& request) {
  RETURN_IF_ERROR(ValidateSpend(request.request_id(), request.partner_id(), request.member_id(),
                                request.points()));
  RETURN_IF_ERROR(ValidateBill(request.bill_amount_minor(), request.currency()));
  ASSIGN_OR_RETURN(const int64_t ttl_s,
                   DurationOrDefault("ttl_s", request.ttl_s(), kDefaultHoldTtlS, kMaxHoldTtlS));
  RETURN_IF_ERROR(CheckActsFor(caller, "partner_id", request.partner_id()));
  const RequestKey key = RequestKey::Of(caller, request);
  return claims_.Run<v1::Hold>(
      key, [&]() -> absl::StatusOr<v1::Hold> { return HoldClaimed(key, request, ttl_s); });
}

absl::StatusOr<v1::Hold> Redemption::HoldClaimed(const RequestKey& key,
                                                 const v1::HoldPointsRequest& request,
                                                 int64_t ttl_s) {
  const std::string& caller = key.caller;
  // Made before claims recorded answers: the hold as it stands now.
  ASSIGN_OR_RETURN(std::optional<v1::Hold> earlier, store_.FindHold(key));
  if (earlier) return *std::move(earlier);
  RETURN_IF_ERROR(CheckTerms(request.partner_id(), request.points(), request.bill_amount_minor(),
                             request.currency()));
  // The partner must exist before points are set aside for it.
  RETURN_IF_ERROR(partners_.Get(request.partner_id()).status());

  const std::string hold_id = ids_.Derive("hld", {caller, request.request_id()});
  RETURN_IF_ERROR(controls_.Admit(
      key, {hold_id, request.member_id(), request.partner_id(), request.points()}, clock_.Now()));
  auto posting = NewPosting(absl::StrCat("hold/", hold_id), account::v1::HOLD, request.partner_id(),
                            request.member_id(), hold_id);
  AddLeg(posting, account::v1::MEMBER, request.member_id(), -request.points());
  AddLeg(posting, account::v1::MEMBER_HOLD, hold_id, request.points());
  ASSIGN_OR_RETURN(account::v1::Posting posted, PostAdmitted(key, hold_id, posting));

  v1::Hold hold;
  hold.set_hold_id(hold_id);
  hold.set_partner_id(request.partner_id());
  hold.set_member_id(request.member_id());
  hold.set_points(request.points());
  hold.set_state(v1::Hold::HELD);
  *hold.mutable_create_time() = posted.occur_time();
  *hold.mutable_expire_time() = ToProtoTime(clock_.Now() + absl::Seconds(ttl_s));
  return store_.InsertHold(key, hold);
}

absl::StatusOr<account::v1::Posting> Redemption::PostUnder(
    const RequestKey& key, const account::v1::CreatePostingRequest& posting) {
  absl::StatusOr<account::v1::Posting> posted = accounts_.CreatePosting(posting);
  // The ledger key is derived from the client's, so the ledger refusing it means the client
  // reused its request_id: say so in the client's terms.
  if (absl::IsAlreadyExists(posted.status())) return RequestIdReused(key);
  // Our own spend limits answer RESOURCE_EXHAUSTED, a refusal for good (RedeemRefusedForGood).
  // From the ledger the same code may follow a posting (a response too large for the client), so
  // it must not reach our callers looking like a limit: it is "unknown, retry".
  if (absl::IsResourceExhausted(posted.status())) {
    return absl::UnavailableError(
        absl::StrCat("the ledger is overloaded, retry: ", posted.status().message()));
  }
  return posted;
}

absl::StatusOr<account::v1::Posting> Redemption::PostAdmitted(
    const RequestKey& key, const std::string& spending_id,
    const account::v1::CreatePostingRequest& posting) {
  absl::StatusOr<account::v1::Posting> posted = PostUnder(key, posting);
  if (!posted.ok() && account::LedgerRefusedForGood(posted.status())) {
    RETURN_IF_ERROR(controls_.Forget(spending_id));
  }
  return posted;
}

absl::StatusOr<v1::Hold> Redemption::CapturePoints(absl::string_view caller,
                                                   const v1::CapturePointsRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("hold_id", request.hold_id()));
  if (request.points() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "points: must not be negative (0 captures the whole hold), got ", request.points()));
  }
  const RequestKey key = RequestKey::Of(caller, request);
  return claims_.Run<v1::Hold>(
      key, [&]() -> absl::StatusOr<v1::Hold> { return CaptureClaimed(key, request); });
}

absl::StatusOr<v1::Hold> Redemption::CaptureClaimed(const RequestKey& key,
                                                    const v1::CapturePointsRequest& request) {
  ASSIGN_OR_RETURN(RedemptionStore::StoredHold stored, OwnedHold(key.caller, request.hold_id()));
  if (stored.hold.state() != v1::Hold::HELD) return AlreadyClosed(stored, key);
  if (stored.closing && ClaimedBy(stored, key)) return FinishClose(key, stored);  // interrupted
  RETURN_IF_ERROR(RefuseIfExpired(stored.hold));
  const int64_t captured = request.points() == 0 ? stored.hold.points() : request.points();
  if (captured > stored.hold.points()) {
    return absl::InvalidArgumentError(absl::StrCat("points: ", captured, " is more than the ",
                                                   stored.hold.points(), " points held"));
  }
  RETURN_IF_ERROR(controls_.RefuseIfSwitchedOff(
      key, {stored.hold.hold_id(), stored.hold.member_id(), stored.hold.partner_id(), captured},
      clock_.Now()));
  return Close(key, stored.hold, v1::Hold::CAPTURED, captured);
}

absl::StatusOr<v1::Hold> Redemption::VoidHold(absl::string_view caller,
                                              const v1::VoidHoldRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("hold_id", request.hold_id()));
  const RequestKey key = RequestKey::Of(caller, request);
  return claims_.Run<v1::Hold>(key, [&]() -> absl::StatusOr<v1::Hold> {
    ASSIGN_OR_RETURN(RedemptionStore::StoredHold stored, OwnedHold(caller, request.hold_id()));
    if (stored.hold.state() != v1::Hold::HELD) return AlreadyClosed(stored, key);
    if (stored.closing && ClaimedBy(stored, key)) return FinishClose(key, stored);  // interrupted
    RETURN_IF_ERROR(RefuseIfExpired(stored.hold));
    return Close(key, stored.hold, v1::Hold::VOIDED, /*captured=*/0);
  });
}

absl::StatusOr<v1::RedemptionRefund> Redemption::Refund(
    absl::string_view caller, const v1::RefundRedemptionRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  const bool of_hold = request.spending_case() == v1::RefundRedemptionRequest::kHoldId;
  if (request.spending_case() == v1::RefundRedemptionRequest::SPENDING_NOT_SET) {
    return absl::InvalidArgumentError("redemption_id: one of redemption_id or hold_id is required");
  }
  const std::string& spending_id = of_hold ? request.hold_id() : request.redemption_id();
  RETURN_IF_ERROR(ValidateId(of_hold ? "hold_id" : "redemption_id", spending_id));
  if (request.points() != 0)
    RETURN_IF_ERROR(ValidatePositive("points", request.points(), kMaxAmount));
  RETURN_IF_ERROR(ValidateText("reason", request.reason(), 512, /*required=*/true));
  const RequestKey key = RequestKey::Of(caller, request);
  const std::string refund_id = ids_.Derive("rfd", {caller, request.request_id()});
  return claims_.Run<v1::RedemptionRefund>(key, [&]() -> absl::StatusOr<v1::RedemptionRefund> {
    ASSIGN_OR_RETURN(v1::RedemptionRefund refund,
                     store_.ReserveRefund(key, {refund_id, of_hold, spending_id, request.points(),
                                                request.reason(), clock_.Now()}));
    if (refund.posting_sequence() != 0) return refund;  // a retry of a finished refund
    return PostRefund(refund);
  });
}

absl::StatusOr<v1::RedemptionRefund> Redemption::PostRefund(v1::RedemptionRefund refund) {
  // Back the way they came: from the partner to the member's own points, or the pool. They start
  // a new lot, expiring as points earned today would (docs/redemption.md says why).
  auto posting = NewPosting(absl::StrCat("refund/", refund.refund_id()), account::v1::REFUND,
                            refund.partner_id(), refund.member_id(), refund.refund_id());
  AddLeg(posting, account::v1::PARTNER_REDEEMED, refund.partner_id(), -refund.points());
  if (refund.household_id().empty()) {
    AddLeg(posting, account::v1::MEMBER, refund.member_id(), refund.points());
  } else {
    AddLeg(posting, account::v1::HOUSEHOLD, refund.household_id(), refund.points());
  }
  absl::StatusOr<account::v1::Posting> posted = accounts_.CreatePosting(posting);
  if (!posted.ok()) {
    if (account::LedgerRefusedForGood(posted.status())) {
      RETURN_IF_ERROR(store_.CancelRefund(refund.refund_id()));
    }
    return posted.status();
  }
  RETURN_IF_ERROR(store_.MarkRefundPosted(refund.refund_id(), posted->sequence()));
  refund.set_posting_sequence(posted->sequence());
  return refund;
}

absl::StatusOr<v1::Hold> Redemption::GetHold(absl::string_view caller,
                                             const v1::GetHoldRequest& request) {
  RETURN_IF_ERROR(ValidateId("hold_id", request.hold_id()));
  ASSIGN_OR_RETURN(RedemptionStore::StoredHold stored, OwnedHold(caller, request.hold_id()));
  return stored.hold;
}

absl::StatusOr<RedemptionStore::StoredHold> Redemption::OwnedHold(absl::string_view caller,
                                                                  const std::string& hold_id) {
  absl::StatusOr<RedemptionStore::StoredHold> stored = store_.GetHold(hold_id);
  if (stored.ok() && !ActsFor(caller, stored->hold.partner_id())) {
    return absl::NotFoundError(absl::StrCat("hold_id: no hold '", hold_id, "'"));
  }
  return stored;
}

absl::Status Redemption::RefuseIfExpired(const v1::Hold& hold) {
  if (!hold.has_expire_time() ||
      ProtoTimeToMicros(hold.expire_time()) > absl::ToUnixMicros(clock_.Now())) {
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(Release(hold));  // the sweeper may not have got to it yet
  return absl::FailedPreconditionError(
      absl::StrCat("hold '", hold.hold_id(), "' expired at ",
                   absl::FormatTime(absl::FromUnixMicros(ProtoTimeToMicros(hold.expire_time())),
                                    absl::UTCTimeZone()),
                   ": its points went back to the member"));
}

absl::Status Redemption::Release(const v1::Hold& hold) {
  const RequestKey key{"redemption.sweeper", absl::StrCat("expire/", hold.hold_id()),
                       Sha256Hex(hold.hold_id())};
  absl::StatusOr<v1::Hold> released = Close(key, hold, v1::Hold::EXPIRED, /*captured=*/0);
  // Captured or voided just before: nothing to release.
  if (absl::IsFailedPrecondition(released.status())) return absl::OkStatus();
  return released.status();
}

absl::StatusOr<v1::ReleaseExpiredHoldsResponse> Redemption::ReleaseExpired(
    const v1::ReleaseExpiredHoldsRequest& request) {
  ASSIGN_OR_RETURN(const int max_holds, BoundedCount("max_holds", request.max_holds(),
                                                     kDefaultSweepItems, kMaxSweepItems));
  v1::ReleaseExpiredHoldsResponse response;
  const absl::Time now = clock_.Now();
  ASSIGN_OR_RETURN(const bool complete,
                   WorkInBoundedSteps(
                       max_holds, 200, [&](int limit) { return store_.ExpiredHolds(now, limit); },
                       [&](const std::string& hold_id) -> absl::Status {
                         ASSIGN_OR_RETURN(RedemptionStore::StoredHold stored,
                                          store_.GetHold(hold_id));
                         if (stored.hold.state() != v1::Hold::HELD) return absl::OkStatus();
                         RETURN_IF_ERROR(Release(stored.hold));
                         response.set_released(response.released() + 1);
                         return absl::OkStatus();
                       }));
  response.set_complete(complete);
  return response;
}

absl::StatusOr<v1::Hold> Redemption::Close(const RequestKey& key, const v1::Hold& hold,
                                           v1::Hold::State state, int64_t captured) {
  v1::Hold closing = hold;
  closing.set_state(state);
  closing.set_captured_points(captured);
  if (state == v1::Hold::CAPTURED) {
    ASSIGN_OR_RETURN(const admin::v1::Partner partner, partners_.Get(hold.partner_id()));
    ASSIGN_OR_RETURN(*closing.mutable_reimbursement(), ReimbursementFor(partner, captured));
  }
  ASSIGN_OR_RETURN(RedemptionStore::StoredHold stored,
                   store_.ClaimClose(key, closing, clock_.Now()));
  if (stored.hold.state() != v1::Hold::HELD) return AlreadyClosed(stored, key);
  if (stored.closed_by && stored.closed_by->caller == key.caller &&
      stored.closed_by->request_id == key.request_id) {
    RETURN_IF_ERROR(CheckSameRequest(stored.closed_by->fingerprint, key));
  }
  if (!ClaimedBy(stored, key)) {
    return absl::FailedPreconditionError(
        absl::StrCat("hold '", hold.hold_id(), "' is being closed by another request"));
  }
  return FinishClose(key, stored);
}

absl::StatusOr<v1::Hold> Redemption::FinishClose(const RequestKey& key,
                                                 const RedemptionStore::StoredHold& stored) {
  // What the claim recorded, not what this request asked: a retry or the reconciler re-sends
  // exactly the posting the claim stood for.
  const v1::Hold& to = *stored.closing;
  const bool capture = to.state() == v1::Hold::CAPTURED;
  auto posting = NewPosting(absl::StrCat(capture ? "capture/" : "void/", to.hold_id()),
                            capture ? account::v1::CAPTURE : account::v1::VOID, to.partner_id(),
                            to.member_id(), to.hold_id());
  AddLeg(posting, account::v1::MEMBER_HOLD, to.hold_id(), -to.points());
  if (to.captured_points() > 0) {
    AddLeg(posting, account::v1::PARTNER_REDEEMED, to.partner_id(), to.captured_points());
  }
  if (to.points() > to.captured_points()) {
    AddLeg(posting, account::v1::MEMBER, to.member_id(), to.points() - to.captured_points());
  }
  absl::StatusOr<account::v1::Posting> posted = accounts_.CreatePosting(posting);
  if (!posted.ok()) {
    if (account::LedgerRefusedForGood(posted.status())) {
      RETURN_IF_ERROR(store_.DropClaim(to.hold_id(), key));
    }
    return posted.status();
  }

  v1::Hold closed = to;
  *closed.mutable_close_time() = posted->occur_time();
  ASSIGN_OR_RETURN(bool closed_now, store_.CloseHold(key, closed));
  if (!closed_now) {  // the reconciler or a retry finished it first
    ASSIGN_OR_RETURN(RedemptionStore::StoredHold now, store_.GetHold(to.hold_id()));
    return now.hold;
  }
  return closed;
}

absl::StatusOr<v1::FinishInterruptedResponse> Redemption::FinishInterrupted(
    const v1::FinishInterruptedRequest& request) {
  ASSIGN_OR_RETURN(const int limit, BoundedCount("max_items", request.max_items(),
                                                 kDefaultSweepItems, kMaxSweepItems));
  // Work in flight is not interrupted: only what has waited longer than any call takes.
  const absl::Time before = clock_.Now() - kInterruptedAfter;
  v1::FinishInterruptedResponse response;
  ASSIGN_OR_RETURN(const std::vector<std::string> holds, store_.InterruptedCloses(before, limit));
  for (const std::string& hold_id : holds) {
    ASSIGN_OR_RETURN(const RedemptionStore::StoredHold stored, store_.GetHold(hold_id));
    if (!stored.closing) continue;  // finished meanwhile
    absl::StatusOr<v1::Hold> closed = FinishClose(*stored.closed_by, stored);
    if (closed.ok()) {
      response.set_holds_closed(response.holds_closed() + 1);
    } else if (!account::LedgerRefusedForGood(closed.status())) {
      return closed.status();
    }
  }
  ASSIGN_OR_RETURN(const std::vector<v1::RedemptionRefund> refunds,
                   store_.UnpostedRefunds(before, limit));
  for (const v1::RedemptionRefund& refund : refunds) {
    absl::StatusOr<v1::RedemptionRefund> posted = PostRefund(refund);
    if (posted.ok()) {
      response.set_refunds_posted(response.refunds_posted() + 1);
    } else if (!account::LedgerRefusedForGood(posted.status())) {
      return posted.status();
    }
  }
  return response;
}

}  // namespace coalition::redemption
