// LedgerStore on MariaDB (schema: migrations/0001_create_ledger.sql).
//
// Append runs in one transaction of six round trips: START; look up the idempotency key; the
// checked `balance = balance + ? WHERE ... AND balance + ? >= 0` update of each member-owned
// account, in (kind, owner) order so two postings never deadlock; insert the posting (RETURNING
// its sequence); insert its entries; COMMIT. Partner and operator accounts get entries only,
// never a row update; that they exist is checked once per process and remembered (accounts are
// never deleted).
#pragma once

#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "services/account/ledger_store.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account {

class MariaDbLedgerStore final : public LedgerStore {
 public:
  explicit MariaDbLedgerStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Posting> Append(const PostingDraft& draft) override;
  absl::StatusOr<std::vector<v1::Posting>> ListAfter(int64_t after_sequence, int limit,
                                                     absl::Duration settle_time) override;
  absl::StatusOr<v1::Balance> GetBalance(const std::string& member_id) override;
  absl::StatusOr<std::vector<v1::Transaction>> ListMemberTransactions(
      const std::string& member_id, std::optional<int64_t> before_sequence, int limit) override;

 private:
  static constexpr size_t kMaxKnownContraAccounts = 100'000;

  // NOT_FOUND unless the partner or operator account exists.
  absl::Status CheckContraAccount(mariadb::Connection& db, v1::AccountKind kind,
                                  const std::string& owner_id);

  mariadb::ConnectionPool& pool_;
  absl::Mutex mu_;
  absl::flat_hash_set<std::pair<int, std::string>> known_contra_accounts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::account
