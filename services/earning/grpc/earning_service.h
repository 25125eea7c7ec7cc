// The earning service assembled: schema migrated, pool, stores, logic and handlers.
#pragma once

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "services/account/client/account_api.h"
#include "services/common/clock.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/mariadb/request_claims.h"
#include "services/earning/grpc/grpc_handler.h"
#include "services/earning/store/mariadb_purchase_store.h"
#include "services/earning/store/mariadb_refund_store.h"
#include "services/earning/store/mariadb_rule_store.h"

namespace coalition::earning {

class EarningService {
 public:
  static absl::StatusOr<std::unique_ptr<EarningService>> Create(const mariadb::DbConfig& db,
                                                                account::AccountApi& accounts,
                                                                const Clock& clock);
  std::vector<grpc::Service*> services() { return {&handler_, &admin_handler_}; }

 private:
  EarningService(std::unique_ptr<mariadb::ConnectionPool> pool, std::string id_secret,
                 account::AccountApi& accounts, const Clock& clock)
      : pool_(std::move(pool)),
        ids_(std::move(id_secret)),
        purchases_(*pool_),
        rules_(*pool_),
        refund_store_(*pool_),
        claims_(*pool_),
        earning_(purchases_, rules_, accounts, claims_, clock),
        refunds_(refund_store_, purchases_, accounts, claims_, ids_, clock),
        pending_(purchases_, accounts, clock),
        admin_(rules_, accounts, clock),
        handler_(earning_, refunds_, pending_),
        admin_handler_(admin_, pending_) {}

  std::unique_ptr<mariadb::ConnectionPool> pool_;
  const IdDeriver ids_;
  MariaDbPurchaseStore purchases_;
  MariaDbRuleStore rules_;
  MariaDbRefundStore refund_store_;
  mariadb::MariaDbRequestClaims claims_;
  Earning earning_;
  Refunds refunds_;
  PendingPurchases pending_;
  EarnRulesAdmin admin_;
  EarningServiceHandler handler_;
  EarnRulesAdminHandler admin_handler_;
};

}  // namespace coalition::earning
