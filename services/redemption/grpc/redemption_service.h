// The redemption service assembled: schema migrated, pool, store, logic and handler.
#pragma once

#include <memory>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "services/account/client/account_api.h"
#include "services/common/clock.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/mariadb/versioned_protos.h"
#include "services/common/mariadb/request_claims.h"
#include "services/redemption/grpc/grpc_handler.h"
#include "services/redemption/store/mariadb_redemption_store.h"
#include "services/redemption/store/mariadb_reward_store.h"
#include "services/redemption/store/mariadb_spend_controls.h"

namespace coalition::redemption {

class RedemptionService {
 public:
  static absl::StatusOr<std::unique_ptr<RedemptionService>> Create(const mariadb::DbConfig& db,
                                                                   account::AccountApi& accounts,
                                                                   const Clock& clock);
  std::vector<grpc::Service*> services() { return {&handler_, &admin_handler_}; }

  // Every `every`, on a thread of its own until destruction: releases expired holds, finishes
  // work a crash interrupted, and forgets spending no limit looks at any more.
  void StartSweeping(absl::Duration every);
  ~RedemptionService();

 private:
  RedemptionService(std::unique_ptr<mariadb::ConnectionPool> pool, std::string id_secret,
                    account::AccountApi& accounts, const Clock& clock)
      : pool_(std::move(pool)),
        ids_(std::move(id_secret)),
        store_(*pool_),
        controls_(*pool_),
        rewards_(*pool_),
        claims_(*pool_),
        terms_versions_(*pool_, "burn_terms", "terms"),
        terms_(terms_versions_, accounts, clock),
        redemption_(store_, terms_, controls_, accounts, claims_, ids_, clock),
        catalogue_(rewards_, redemption_, accounts, claims_, ids_, clock),
        control_admin_(controls_, accounts, clock),
        handler_(redemption_, catalogue_),
        admin_handler_(terms_, redemption_, control_admin_, catalogue_),
        clock_(clock) {}

  std::unique_ptr<mariadb::ConnectionPool> pool_;
  const IdDeriver ids_;
  MariaDbRedemptionStore store_;
  MariaDbSpendControls controls_;
  MariaDbRewardStore rewards_;
  mariadb::MariaDbRequestClaims claims_;
  mariadb::VersionedProtos<v1::BurnTerms> terms_versions_;
  BurnTermsBook terms_;
  Redemption redemption_;
  RewardCatalogue catalogue_;
  SpendControlAdmin control_admin_;
  RedemptionServiceHandler handler_;
  RedemptionAdminHandler admin_handler_;
  const Clock& clock_;
  absl::Notification stop_;
  std::thread sweeper_;
};

}  // namespace coalition::redemption
