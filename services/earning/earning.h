// The earning logic: a partner's purchase becomes points under the partner's earn rules in force
// at the purchase time (earn_rules.h), credited to the member by one ledger posting (partner's
// PARTNER_ISSUED -> member's MEMBER), with the breakdown kept for support.
//
//   Earning earning(purchases, rules, accounts, claims, clock);
//   absl::StatusOr<v1::Purchase> purchase = earning.RecordPurchase("car-rental", request);
//
// The purchase is claimed first (unique on the request key and on the partner transaction), then
// posted under a ledger key made from the partner transaction. So however requests race, a
// transaction is credited once and a request id buys one purchase; a retry after a crash between
// the two steps finds its claim and re-sends the same posting, which the ledger returns unchanged.
// Before all that, the request claims its idempotency key (RequestClaims): a copy that arrives
// while the first attempt runs waits for its answer rather than working the purchase out again.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/earning/v1/earning.pb.h"
#include "services/account/client/account_api.h"
#include "services/account/client/partner_cache.h"
#include "services/common/clock.h"
#include "services/common/limits.h"
#include "services/common/request_claims.h"
#include "services/earning/earn_rules.h"
#include "services/earning/purchase_store.h"
#include "services/earning/rule_store.h"

namespace coalition::earning {

// How far ahead of the coalition's clock a partner's purchase time may be.
inline constexpr absl::Duration kMaxClockSkew = absl::Minutes(5);
// How many purchases of one batch are recorded at once: enough to hide round trips, few enough
// to leave the account service's pool to other callers.
inline constexpr int kBatchWorkers = 8;

class Earning {
 public:
  Earning(PurchaseStore& purchases, RuleStore& rules, account::AccountApi& accounts,
          RequestClaims& claims, const Clock& clock)
      : purchases_(purchases),
        rules_(rules),
        accounts_(accounts),
        partners_(accounts, clock),
        claims_(claims),
        clock_(clock) {}

  absl::StatusOr<v1::Purchase> RecordPurchase(absl::string_view caller,
                                              const v1::RecordPurchaseRequest& request);
  // Each purchase with its own result, exactly as RecordPurchase answers it, but in bulk: one
  // claim statement for the batch's keys, one tier read per member, multi-row purchase inserts,
  // one CreatePostings call, one statement recording the postings and one the answers. What the
  // bulk path cannot decide alone goes through RecordPurchase, a few at a time: keys another
  // attempt holds or held (it waits, takes over), twins of a key earlier in the batch, business
  // purchases and purchases whose points depend on the member's other purchases (AddFacts).
  absl::StatusOr<v1::RecordPurchasesResponse> RecordPurchases(
      absl::string_view caller, const v1::RecordPurchasesRequest& request);
  absl::StatusOr<v1::EarnBreakdown> QuoteEarn(const v1::RecordPurchaseRequest& request);
  // Another partner's purchase is NOT_FOUND, as one that does not exist.
  absl::StatusOr<v1::Purchase> GetPurchase(absl::string_view caller,
                                           const v1::GetPurchaseRequest& request);

 private:
  // A purchase ready to be worked out: its rules and what the rules need to know.
  struct Priced {
    v1::EarnRules rules;
    EarnContext context;
    std::string corporate_id;  // a business purchase's company
    int64_t corporate_points = 0;
    bool prepaid = false;  // the partner's accruals draw down its pre-paid block
  };
  // The purchase's work, once the request holds its key's claim (`taken_over`: from an earlier
  // attempt, which may have claimed the purchase already).
  absl::StatusOr<v1::Purchase> RecordClaimed(const RequestKey& key,
                                             const v1::RecordPurchaseRequest& request,
                                             bool taken_over);
  // Prices the request as of now and claims the purchase under `key` (the purchase claimed
  // under it before, if any).
  absl::StatusOr<v1::Purchase> ClaimNew(const RequestKey& key,
                                        const v1::RecordPurchaseRequest& request);
  // The member's tier, as GetMemberTier answers it.
  using TierOf = std::function<absl::StatusOr<account::v1::MemberTier>(const std::string&)>;
  // Checks the purchase against the partner (currency, clock skew, reporting window) and finds
  // the rules in force at its time and the member's tier (from `tier_of`, or the account service).
  absl::StatusOr<Priced> Prepare(const v1::RecordPurchaseRequest& request,
                                 const TierOf& tier_of = nullptr);
  // The unclaimed purchase the request makes, its points not yet worked out.
  v1::Purchase NewPurchase(const v1::RecordPurchaseRequest& request, const Priced& priced);
  // Works out the purchase's points and their funding under `priced`.
  absl::Status Price(const Priced& priced, v1::Purchase& purchase);
  // The bulk path of RecordPurchases for keys claimed fresh (claims[i] held by this attempt):
  // each request's answer, or nullopt for one left to RecordClaimed (business, AddFacts).
  std::vector<std::optional<absl::StatusOr<v1::Purchase>>> RecordFresh(
      std::span<const RequestKey> keys, std::span<const v1::RecordPurchaseRequest* const> requests);
  // Credits claimed purchases (none corporate) with one CreatePostings call per chunk, each as
  // Credit would.
  std::vector<absl::StatusOr<v1::Purchase>> CreditAll(std::vector<v1::Purchase> purchases);
  // Ends the attempt holding `key` as RequestClaims::Run does: records a final answer, releases
  // the key of one that changed nothing, abandons it otherwise.
  // False when the claim was taken over meanwhile: go round again (RecordPurchase).
  bool Finish(const RequestKey& key, const std::string& runner,
              const absl::StatusOr<v1::Purchase>& result);
  // Fills in the member's purchase history at the partner when the rules depend on it.
  absl::StatusOr<std::optional<MemberFacts>> AddFacts(const v1::RecordPurchaseRequest& request,
                                                      Priced& priced);
  // Credits the claimed purchase's points; withdraws the claim if the ledger refuses for good.
  absl::StatusOr<v1::Purchase> Credit(v1::Purchase purchase);
  // What the earn posting's answer means for the claimed purchase: it credited (its sequence set,
  // recorded now when `record` says so), or the status to answer, the claim withdrawn when the
  // ledger refused for good.
  struct EarnAnswer {
    absl::StatusOr<v1::Purchase> purchase;
    bool withdraw = false;
    bool record = false;
  };
  static EarnAnswer ReadEarnAnswer(v1::Purchase purchase,
                                   const absl::StatusOr<account::v1::Posting>& posted);

  PurchaseStore& purchases_;
  RuleStore& rules_;
  account::AccountApi& accounts_;
  account::PartnerCache partners_;
  RequestClaims& claims_;
  const Clock& clock_;
};

// INVALID_ARGUMENT naming the field. A quote needs no request_id or partner_transaction_id.
absl::Status ValidatePurchaseRequest(const v1::RecordPurchaseRequest& request, bool quote = false);

// The rules a partner has before publishing any: its enrollment earn rate (version 0).
v1::EarnRules EnrollmentRules(const admin::v1::Partner& partner);

}  // namespace coalition::earning
