// TransferStore on MariaDB (migrations/0005_transfers_and_households.sql). The transfer's
// posting is appended by the ledger store inside the transfer's own transaction, after the
// sender's row lock is taken, so concurrent transfers see each other's daily totals.
#pragma once

#include "services/account/store/mariadb_ledger_store.h"
#include "services/account/transfer_store.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account {

class MariaDbTransferStore final : public TransferStore {
 public:
  MariaDbTransferStore(mariadb::ConnectionPool& pool, MariaDbLedgerStore& ledger)
      : pool_(pool), ledger_(ledger) {}

  absl::StatusOr<v1::Transfer> Transfer(const RequestKey& key, const PostingDraft& posting,
                                        const v1::Transfer& transfer,
                                        int64_t daily_limit_points) override;

 private:
  mariadb::ConnectionPool& pool_;
  MariaDbLedgerStore& ledger_;
};

}  // namespace coalition::account
