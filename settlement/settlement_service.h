// The settlement service assembled: schema migrated, pool, store, follower, logic and handler.
// Call StartFollowing once the account service can be reached.
#pragma once

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "services/account/client/account_api.h"
#include "services/common/mariadb/connection_pool.h"
#include "settlement/grpc_handler.h"
#include "settlement/ledger_follower.h"
#include "settlement/mariadb_totals_store.h"

namespace coalition::settlement {

class SettlementService {
 public:
  static absl::StatusOr<std::unique_ptr<SettlementService>> Create(const mariadb::DbConfig& db,
                                                                   account::AccountApi& accounts);
  std::vector<grpc::Service*> services() { return {&handler_}; }
  void StartFollowing(absl::Duration interval) { follower_.Start(interval); }

 private:
  SettlementService(std::unique_ptr<mariadb::ConnectionPool> pool, account::AccountApi& accounts)
      : pool_(std::move(pool)),
        store_(*pool_),
        follower_(accounts, store_),
        settlement_(store_, follower_, accounts),
        handler_(settlement_) {}

  std::unique_ptr<mariadb::ConnectionPool> pool_;
  MariaDbTotalsStore store_;
  LedgerFollower follower_;
  Settlement settlement_;
  SettlementServiceHandler handler_;
};

}  // namespace coalition::settlement
