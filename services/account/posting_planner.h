// The ledger's decisions, apart from its storage: given a validated posting draft and a snapshot
// of what the posting touches (read under the row locks of its checked accounts), the planner
// says what the append writes: the posting, its checked balance changes, the lots it takes,
// moves, starts and extends, a pre-paid partner's low-water alert, the qualifying points and tier
// upgrade of an earn, and follow-up postings (the referral bonus a first qualifying purchase
// pays). Or it refuses, with the status the ledger answers (NOT_FOUND for a missing account,
// FAILED_PRECONDITION for too few points or a suspended member, PERMISSION_DENIED for a household
// spent by someone not its owner). Knows nothing of SQL or gRPC; store/ledger_writer.h reads the
// snapshot and applies plans.
//
// The planner applies each plan to its own copy of the snapshot, so several drafts planned one
// after another against one snapshot see each other's balances, lots, tiers and referrals (a
// batch written in one transaction). One limit: a lot a plan starts has no origin sequence until
// it is written, so it is not in the snapshot; a batch must not debit an account's lots after
// crediting it (split the batch there).
//
//   PostingPlanner planner(policy, std::move(snapshot));
//   ASSIGN_OR_RETURN(PostingPlan plan, planner.Plan(draft));
//   // ... the writer applies `plan`, then plans and applies plan.follow_ups the same way.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/expiry_policy.h"
#include "services/account/ledger_store.h"
#include "services/account/lot_allocation.h"

namespace coalition::account {

// An account by (kind, owner_id); ordered as the ledger locks member-owned accounts.
using AccountKey = std::pair<v1::AccountKind, std::string>;
AccountKey KeyOf(const v1::AccountRef& account);

// A member's hold and pending accounts are opened by the posting that first credits them.
bool OpensOnFirstCredit(const v1::Leg& leg);

// A checked account (IsNonNegative) as the snapshot found it.
struct CheckedAccount {
  int64_t account_id = 0;
  int64_t balance = 0;
  bool frozen = false;    // a suspended or closed member's account: no earning or spending
  bool closed = false;    // frozen because the member is closed (read only when frozen)
  std::string member_id;  // the member it belongs to (a household's: its owner)
  // The soonest-expiring lots, at least enough for the debits being planned (read only for
  // lot-keeping accounts that are debited without lots given by the caller).
  std::vector<LotSlice> lots;
  std::optional<int64_t> low_water_points;  // a pre-paid partner's alert threshold
};

// An earning member's standing, as an earn may change it.
struct EarnerState {
  int tier_rank = 0;  // 0: the ladder's lowest tier
  std::string tier_id;
  int64_t qualifying_points = 0;  // in the window ending with the earn's month
  // Set when the member was referred and the referral is not yet paid.
  std::optional<std::string> unpaid_referrer_id;
};

struct LedgerSnapshot {
  // Checked accounts that exist, read under their row locks; one absent does not exist.
  std::map<AccountKey, CheckedAccount> checked;
  // Partner and operator (contra) accounts known to exist, with their ids.
  std::map<AccountKey, int64_t> contra;
  // For earns (EARN, CONFIRM credited to a MEMBER): the ladder in force, the bonus program in
  // force, and each earning member's standing.
  v1::TierLadder ladder;
  v1::BonusProgram bonus_program;
  std::map<std::string, EarnerState> earners;
};

// Lots a debit used up: every lot of the account up to and including `whole_through` (in the
// order SpentBefore), and `part` of the next one.
struct LotCut {
  int64_t account_id = 0;
  std::optional<LotSlice> whole_through;
  std::optional<LotSlice> part;  // points taken from the lot with that origin
};

// Existing lots a credit receives.
struct LotsMovedIn {
  int64_t account_id = 0;
  std::vector<LotSlice> slices;
};

// A new lot whose origin is the posting itself (its sequence is known when it is written).
struct NewLot {
  int64_t account_id = 0;
  int64_t expire_at_us = 0;
  int64_t points = 0;
};

// Activity moves the expiry of all the member's lots (available and held) to at least this.
struct LotExtension {
  std::string member_id;
  int64_t expire_at_us = 0;
};

// A checked account's change.
struct BalanceChange {
  AccountKey account;
  int64_t account_id = 0;
  int64_t points = 0;
  bool opens_account = false;  // a hold or pending account opened by this, its first credit
};

// The posting took a pre-paid partner's block from at or above its low-water mark to below it.
struct PrepaidAlert {
  std::string partner_id;
  int64_t prepaid_points = 0;  // after the posting
  int64_t low_water_points = 0;
  int64_t alert_time_us = 0;
};

struct QualifyingPoints {
  std::string member_id;
  int month = 0;  // MonthIndex
  int64_t points = 0;
};

struct TierUpgrade {
  std::string member_id;
  std::string from_tier_id;
  int to_rank = 0;
  std::string to_tier_id;
  int64_t review_at_us = 0;
  int64_t qualifying_points = 0;  // the window's, this earn included
  int64_t change_time_us = 0;
};

// A posting the plan's posting causes, written after it in the same transaction.
struct FollowUp {
  PostingDraft draft;
  std::string pays_referral_of;  // the referred member whose referral this bonus pays
};

struct PostingPlan {
  PostingDraft draft;                   // the posting to write (sequence assigned by the writer)
  std::vector<int64_t> leg_account_ids;  // each leg's account, in leg order
  std::vector<BalanceChange> balances;  // checked accounts, in lock order
  std::vector<LotCut> lots_taken;
  std::vector<LotsMovedIn> lots_moved_in;
  std::vector<NewLot> lots_created;
  std::vector<LotMove> lot_moves;  // existing lots that changed account
  std::vector<LotExtension> lots_extended;
  std::vector<PrepaidAlert> alerts;
  std::vector<QualifyingPoints> qualifying;
  std::vector<TierUpgrade> tier_upgrades;
  std::vector<FollowUp> follow_ups;
  std::string pays_referral_of;  // set when this posting is a referral bonus: mark it paid
};

class PostingPlanner {
 public:
  PostingPlanner(ExpiryPolicy policy, LedgerSnapshot snapshot)
      : policy_(policy), snapshot_(std::move(snapshot)) {}

  // The plan for `draft`, or the ledger's refusal of it. `taken_lots`, if given, are the lots
  // the posting's one lot-keeping debit takes (the caller removes them); otherwise each such
  // debit takes its account's soonest-expiring lots. On success the snapshot moves on to the
  // state after the plan; a refusal leaves it as it was.
  absl::StatusOr<PostingPlan> Plan(const PostingDraft& draft,
                                   const std::vector<LotSlice>* taken_lots = nullptr);
  // A follow-up's plan: its draft's, marking the referral it pays.
  absl::StatusOr<PostingPlan> Plan(const FollowUp& follow_up);

  const LedgerSnapshot& snapshot() const { return snapshot_; }

 private:
  const ExpiryPolicy policy_;
  LedgerSnapshot snapshot_;
};

// What a checked update would refuse for `leg` of `posting` on `account` (nullptr: missing), or
// OK. The messages are the ledger's answers to clients.
absl::Status RefusalOfLeg(const v1::Posting& posting, const v1::Leg& leg,
                          const CheckedAccount* account);

// The qualifying points and upgrade an earn of `points` by `member` at `at` makes.
std::optional<TierUpgrade> UpgradeAfterEarn(const v1::TierLadder& ladder, const std::string& member,
                                            const EarnerState& before, int64_t points,
                                            absl::Time at);

// The referral bonus a purchase crediting `points` to a referred member pays its referrer, if it
// qualifies under `program`.
std::optional<FollowUp> ReferralBonusFor(const v1::BonusProgram& program, const std::string& member,
                                         const EarnerState& state, int64_t points, absl::Time at);

// The alert a debit of `points` (< 0) from a pre-paid block at `balance_before` raises, if it
// crosses the low-water mark.
std::optional<PrepaidAlert> LowWaterAlert(const std::string& partner_id,
                                          const CheckedAccount& block, int64_t points,
                                          int64_t at_us);

}  // namespace coalition::account
