// The redemption logic: spend points with a partner in one step (Redeem), or in two (HoldPoints,
// then CapturePoints or VoidHold).
//
// Each hold has its own MEMBER_HOLD ledger account holding exactly its points, and capture and
// void both empty that account. The ledger's non-negative check therefore lets only one of them
// ever succeed, however the calls race; the rows here only record which one did.
//
// Every spending, capture, void and refund runs once per idempotency key (RequestClaims): a copy
// of the request that arrives while the first attempt runs gets the first attempt's answer. So a
// refusal from the ledger is always this request's own, and what it gives back (the spending's
// count towards limits, the close's claim, the refund's reservation) was never a copy's.
//
//   Redemption redemption(store, terms, controls, accounts, claims, ids, clock);
//   absl::StatusOr<v1::Hold> hold = redemption.HoldPoints("hotel", request);
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/redemption/v1/redemption.pb.h"
#include "services/account/client/account_api.h"
#include "services/account/client/partner_cache.h"
#include "services/common/clock.h"
#include "services/common/ids.h"
#include "services/common/limits.h"
#include "services/common/request_claims.h"
#include "services/redemption/burn_terms_book.h"
#include "services/redemption/redemption_store.h"
#include "services/redemption/spend_control_store.h"

namespace coalition::redemption {

inline constexpr int kDefaultHoldTtlS = 900;
inline constexpr int kMaxHoldTtlS = 7 * 24 * 3600;
// A close or refund unfinished this long was interrupted (a crash between the ledger and the
// row); the sweeper finishes it.
inline constexpr absl::Duration kInterruptedAfter = absl::Seconds(30);

// A refusal of a Redeem meaning the spending did not and will not happen as asked (not, say, a
// timeout after which it may have): whatever was reserved for it can be given back. The ledger's
// refusals (account::LedgerRefusedForGood) and the spend limits' RESOURCE_EXHAUSTED, which Redeem
// answers before it posts anything.
bool RedeemRefusedForGood(const absl::Status& status);

class Redemption {
 public:
  Redemption(RedemptionStore& store, BurnTermsBook& terms, SpendControlStore& controls,
             account::AccountApi& accounts, RequestClaims& claims, const IdDeriver& ids,
             const Clock& clock)
      : store_(store),
        terms_(terms),
        controls_(controls),
        accounts_(accounts),
        partners_(accounts, clock),
        claims_(claims),
        ids_(ids),
        clock_(clock) {}

  absl::StatusOr<v1::Redemption> Redeem(absl::string_view caller, const v1::RedeemRequest& request);
  absl::StatusOr<v1::Hold> HoldPoints(absl::string_view caller,
                                      const v1::HoldPointsRequest& request);
  absl::StatusOr<v1::Hold> CapturePoints(absl::string_view caller,
                                         const v1::CapturePointsRequest& request);
  absl::StatusOr<v1::Hold> VoidHold(absl::string_view caller, const v1::VoidHoldRequest& request);
  // Another partner's hold is NOT_FOUND, as one that does not exist.
  absl::StatusOr<v1::Hold> GetHold(absl::string_view caller, const v1::GetHoldRequest& request);
  // With `member_scope` (the gateway's, for a partner or its app), a member unrelated to that
  // partner is PERMISSION_DENIED, as for every other read of her points.
  absl::StatusOr<v1::RedemptionQuote> Quote(const v1::QuoteRedemptionRequest& request,
                                            const std::optional<std::string>& member_scope);
  absl::StatusOr<v1::RedemptionRefund> Refund(absl::string_view caller,
                                              const v1::RefundRedemptionRequest& request);
  // Releases up to `max_holds` holds past their expiry (the sweeper's work, also an admin RPC).
  absl::StatusOr<v1::ReleaseExpiredHoldsResponse> ReleaseExpired(
      const v1::ReleaseExpiredHoldsRequest& request);
  // Finishes closes and refunds a crash interrupted, by re-sending their postings (also run by
  // the sweeper).
  absl::StatusOr<v1::FinishInterruptedResponse> FinishInterrupted(
      const v1::FinishInterruptedRequest& request);

 private:
  // The hold, if `caller` may act for its partner; NOT_FOUND, as for no hold, otherwise.
  absl::StatusOr<RedemptionStore::StoredHold> OwnedHold(absl::string_view caller,
                                                        const std::string& hold_id);
  // FAILED_PRECONDITION (after releasing it) if the hold is past its expiry.
  absl::Status RefuseIfExpired(const v1::Hold& hold);
  // Releases a hold past its expiry, as the sweeper would (keyed by the hold, so it races
  // safely with the sweeper and with the client's own capture or void).
  absl::Status Release(const v1::Hold& hold);

  // The requests' work, once they hold their key's claim.
  absl::StatusOr<v1::Redemption> RedeemClaimed(const RequestKey& key,
                                               const v1::RedeemRequest& request);
  absl::StatusOr<v1::Hold> HoldClaimed(const RequestKey& key, const v1::HoldPointsRequest& request,
                                       int64_t ttl_s);
  absl::StatusOr<v1::Hold> CaptureClaimed(const RequestKey& key,
                                          const v1::CapturePointsRequest& request);

  // The partner's burn terms allow spending `points` on the bill (no terms: no limits).
  absl::Status CheckTerms(const std::string& partner_id, int64_t points, int64_t bill_amount_minor,
                          const std::string& currency);

  // Posts a redemption or hold whose ledger key is derived from `key`.
  absl::StatusOr<account::v1::Posting> PostUnder(const RequestKey& key,
                                                 const account::v1::CreatePostingRequest& posting);

  // Posts a spending the controls admitted; if the ledger refuses it, it no longer counts.
  absl::StatusOr<account::v1::Posting> PostAdmitted(
      const RequestKey& key, const std::string& spending_id,
      const account::v1::CreatePostingRequest& posting);

  // Claims `hold` for `key` to close it as `state` with `captured` of its points to the partner
  // (the rest back to the member), then finishes the close.
  absl::StatusOr<v1::Hold> Close(const RequestKey& key, const v1::Hold& hold, v1::Hold::State state,
                                 int64_t captured);
  // Posts the close `key` claimed and records it done.
  absl::StatusOr<v1::Hold> FinishClose(const RequestKey& key,
                                       const RedemptionStore::StoredHold& stored);
  // Posts a reserved refund and records its posting.
  absl::StatusOr<v1::RedemptionRefund> PostRefund(v1::RedemptionRefund refund);

  RedemptionStore& store_;
  BurnTermsBook& terms_;
  SpendControlStore& controls_;
  account::AccountApi& accounts_;
  account::PartnerCache partners_;
  RequestClaims& claims_;
  const IdDeriver& ids_;
  const Clock& clock_;
};

}  // namespace coalition::redemption
