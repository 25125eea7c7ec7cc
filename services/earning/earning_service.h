// The earning service assembled: schema migrated, pool, store, logic and handler.
#pragma once

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "services/account/client/account_api.h"
#include "services/common/clock.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/earning/grpc_handler.h"
#include "services/earning/mariadb_purchase_store.h"

namespace coalition::earning {

class EarningService {
 public:
  static absl::StatusOr<std::unique_ptr<EarningService>> Create(const mariadb::DbConfig& db,
                                                                account::AccountApi& accounts,
                                                                const Clock& clock);
  std::vector<grpc::Service*> services() { return {&handler_}; }

 private:
  EarningService(std::unique_ptr<mariadb::ConnectionPool> pool, account::AccountApi& accounts,
                 const Clock& clock)
      : pool_(std::move(pool)),
        store_(*pool_),
        earning_(store_, accounts, clock),
        handler_(earning_) {}

  std::unique_ptr<mariadb::ConnectionPool> pool_;
  MariaDbPurchaseStore store_;
  Earning earning_;
  EarningServiceHandler handler_;
};

}  // namespace coalition::earning
