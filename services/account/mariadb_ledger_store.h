// LedgerStore on MariaDB (schema: migrations/0001_create_ledger.sql).
//
// Append runs in one transaction: look up the idempotency key; resolve the legs' accounts; apply
// the checked `balance = balance + ? WHERE balance + ? >= 0` updates to member-owned accounts in
// account-id order (so two postings never deadlock on them); then insert the posting and its
// entries. Partner and operator accounts get entries only, never a row update.
#pragma once

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
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::account
