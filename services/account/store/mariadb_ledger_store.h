// LedgerStore on MariaDB (schema: migrations/*.sql).
//
// Append runs in one transaction: START; claim the idempotency key (a copy of the request waits
// on the claim, then replays this posting: mariadb/request_claims.h); the checked
// `balance = balance + ? WHERE ... AND balance + ? >= 0` update of each member-owned account, in
// (kind, owner) order so two postings never deadlock; insert the posting (RETURNING its
// sequence); insert its entries; move the points' lots (mariadb_lots.h); COMMIT. A refusal rolls
// all of that back, the claim included. An earn is seven round trips (the claim took the place
// of the idempotency look-up).
// Partner and operator accounts get entries only, never a row update; that they exist is checked
// once per process and remembered (accounts are never deleted).
#pragma once

#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "services/account/expiry_policy.h"
#include "services/account/ledger_store.h"
#include "services/account/lot_allocation.h"
#include "services/account/store/mariadb_bonus_store.h"
#include "services/account/store/mariadb_tier_store.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account {

class MariaDbLedgerStore final : public LedgerStore {
 public:
  // `tiers` records each earn's qualifying points inside the earn's own transaction.
  MariaDbLedgerStore(mariadb::ConnectionPool& pool, ExpiryPolicy policy, MariaDbTierStore& tiers,
                     MariaDbBonusStore& bonuses)
      : pool_(pool), policy_(policy), tiers_(tiers), bonuses_(bonuses) {}

  absl::StatusOr<v1::Posting> Append(const PostingDraft& draft) override;
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
  static constexpr size_t kMaxKnownContraAccounts = 100'000;

  // NOT_FOUND unless the partner or operator account exists.
  absl::Status CheckContraAccount(mariadb::Connection& db, v1::AccountKind kind,
                                  const std::string& owner_id);

  void MoveLots(mariadb::Connection& db, int64_t sequence, const v1::Posting& posting,
                const std::vector<LotSlice>* taken_lots);
  // Inside the transaction crediting a member's purchase: pays the member's referrer, once, if
  // the member was referred and this is its first qualifying purchase.
  absl::Status PayReferralIn(mariadb::Connection& db, const std::string& member_id, int64_t points,
                             absl::Time now);

  mariadb::ConnectionPool& pool_;
  const ExpiryPolicy policy_;
  MariaDbTierStore& tiers_;
  MariaDbBonusStore& bonuses_;
  absl::Mutex mu_;
  absl::flat_hash_set<std::pair<int, std::string>> known_contra_accounts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::account
