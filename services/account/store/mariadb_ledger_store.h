// LedgerStore on MariaDB (schema: migrations/*.sql).
//
// Appends are written in batches (append_batcher.h: concurrent appends share one transaction
// and one commit). A batch's transaction: claim every key in one statement (a copy of a request
// waits on its claim, then replays this posting: mariadb/request_claims.h); then round by round
// (posting_rounds.h: no member twice in a round) read the snapshot under the checked accounts'
// row locks, in (kind, owner) order so two batches never deadlock (ledger_snapshot.h), plan each
// posting (posting_planner.h: refusals, balances, lots, alerts, tiers, the referral bonus) and
// write the round's plans set-based (ledger_writer.h), then their follow-ups; release the claims
// of refused postings; COMMIT. A refused posting fails alone; a batch that fails as a whole is
// retried in halves, down to single postings.
//
// A single posting's transaction (AppendOne): claim the idempotency key (a copy of the request waits on the
// claim, then replays this posting: mariadb/request_claims.h); read the snapshot under the
// checked accounts' row locks, in (kind, owner) order so two postings never deadlock
// (ledger_snapshot.h); plan (posting_planner.h: refusals, balances, lots, alerts, tiers, the
// referral bonus); write the plan (ledger_writer.h); plan and write its follow-ups; COMMIT. A
// refusal rolls all of that back, the claim included. An earn's transaction is ten statements
// (measured with the general query log): START, the claim, the member's locked read, the
// earner's tier/referral read, the balance update, the posting, its entries, its lot, the
// qualifying points, COMMIT. (Before the planner it was nine with the built-in one-level ladder
// and ten with a published ladder; the locked read is the one added, the earner read replaced the
// referral and standing reads.)
// GetMemberSummary answers from memory (summary_cache.h) while the member's summary version
// (member_summary_versions.h, moved on by every write that changes a summary) is the one its
// cached summary was read at: one primary-key read instead of the summary's statement.
// Partner and operator accounts get entries only, never a row update; that they exist is checked
// once per process and remembered (accounts are never deleted).
#pragma once

#include <span>
#include <string>
#include <utility>

#include "services/account/append_batcher.h"
#include "services/account/expiry_policy.h"
#include "services/account/ledger_store.h"
#include "services/account/lot_allocation.h"
#include "services/account/posting_planner.h"
#include "services/account/summary_cache.h"
#include "services/account/store/ledger_snapshot.h"
#include "services/account/tier_store.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account {

class MariaDbLedgerStore final : public LedgerStore {
 public:
  // `tiers` gives the member summary the ladder in force (cached there). Appends read what they
  // need in their own transaction (ledger_snapshot.h).
  MariaDbLedgerStore(mariadb::ConnectionPool& pool, ExpiryPolicy policy, TierStore& tiers,
                     AppendBatcher::Limits batches = {})
      : pool_(pool),
        policy_(policy),
        tiers_(tiers),
        batcher_(
            [this](std::span<const PostingDraft* const> drafts) { return AppendAllOf(drafts); },
            batches) {}

  absl::StatusOr<v1::Posting> Append(const PostingDraft& draft) override;
  std::vector<absl::StatusOr<v1::Posting>> AppendAll(std::span<const PostingDraft> drafts) override;
  absl::StatusOr<std::vector<v1::Posting>> ListAfter(int64_t after_sequence, int limit,
                                                     absl::Duration settle_time) override;
  absl::StatusOr<int64_t> LatestSequence() override;
  absl::StatusOr<v1::Balance> GetBalance(const std::string& member_id) override;
  absl::StatusOr<std::vector<v1::Transaction>> ListMemberTransactions(
      const std::string& member_id, std::optional<int64_t> before_sequence, int limit) override;
  absl::StatusOr<v1::MemberSummary> GetMemberSummary(const std::string& member_id,
                                                     int transaction_count,
                                                     absl::Time now) override;

  // Expiry: mariadb_expiry.cc.
  absl::StatusOr<v1::ExpiryRun> StartExpiryRun(const RequestKey& key, absl::Time as_of) override;
  absl::StatusOr<v1::ExpiryRun> EndExpiryStep(const v1::ExpiryRun& run, bool complete) override;
  absl::StatusOr<std::vector<std::string>> AccountsWithExpiredPoints(absl::Time as_of,
                                                                     int limit) override;
  absl::Status ExpireAccountPoints(const v1::ExpiryRun& run, const std::string& owner_id,
                                   absl::Time now) override;

  // Which lots MoveLotsToBreakageIn moves, and the postings it makes of them.
  struct ToBreakage {
    int64_t account_id = 0;
    v1::AccountRef account;  // a MEMBER or HOUSEHOLD account
    std::string member_id;   // the postings are about (a household's: its owner)
    int64_t as_of_us = 0;    // lots that expire at or before it
    v1::PostingType type = v1::EXPIRE;
    std::string caller;  // and key_prefix + "/" + issuing partner: each posting's key
    std::string key_prefix;
    std::string reference;
  };
  struct Moved {
    int64_t postings = 0;
    int64_t points = 0;
  };
  // Inside the caller's transaction, which holds the account's row lock: moves the lots to the
  // operator's breakage account, one posting per issuing partner (so breakage can be shared back
  // with the partner that issued the points), posted at `now`.
  absl::StatusOr<Moved> MoveLotsToBreakageIn(mariadb::Connection& db, const ToBreakage& what,
                                             absl::Time now);

  // Writes a new posting inside the caller's transaction (for stores that record something with
  // a posting atomically). `taken_lots`, if given, are the lots
  // the posting's one member-owned debit takes (the caller removes them); otherwise each debit
  // takes its account's soonest-expiring lots.
  absl::StatusOr<v1::Posting> AppendIn(mariadb::Connection& db, const PostingDraft& draft,
                                       const std::vector<LotSlice>* taken_lots);

 private:
  static constexpr int kMaxFollowUpRounds = 4;
  static constexpr size_t kMaxRoundsPerTransaction = 4;

  // AppendAll on drafts pointed to where they are (the batcher's are its callers'): no draft is
  // copied on the way to the planner.
  std::vector<absl::StatusOr<v1::Posting>> AppendAllOf(std::span<const PostingDraft* const> drafts);
  // One posting in its own transaction.
  absl::StatusOr<v1::Posting> AppendOne(const PostingDraft& draft);
  // Distinct keys' drafts in one transaction: each one's answer, or the batch's failure.
  absl::StatusOr<std::vector<absl::StatusOr<v1::Posting>>> AppendBatchIn(
      std::span<const PostingDraft* const> drafts);

  // Plans and writes the follow-ups a posting caused (a referral bonus), and theirs.
  absl::Status AppendFollowUpsIn(mariadb::Connection& db, std::vector<FollowUp> follow_ups);

  mariadb::ConnectionPool& pool_;
  const ExpiryPolicy policy_;
  TierStore& tiers_;
  LedgerSnapshotReader snapshots_;
  AppendBatcher batcher_;
  SummaryCache summaries_;
};

}  // namespace coalition::account
