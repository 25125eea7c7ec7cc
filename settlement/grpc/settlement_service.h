// The settlement service assembled: schema migrated, pool, store, follower, logic and handlers.
// Call StartFollowing once the account service can be reached.
#pragma once

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "services/account/client/account_api.h"
#include "services/common/clock.h"
#include "services/common/mariadb/connection_pool.h"
#include "settlement/grpc/grpc_handler.h"
#include "settlement/ledger_follower.h"
#include "settlement/store/mariadb_totals_store.h"
#include "settlement/partner_terms_cache.h"
#include "settlement/period_calendar.h"
#include "settlement/period_closing.h"
#include "settlement/grpc/settlement_flags.h"

namespace coalition::settlement {

class SettlementService {
 public:
  static absl::StatusOr<std::unique_ptr<SettlementService>> Create(const mariadb::DbConfig& db,
                                                                   account::AccountApi& accounts,
                                                                   const Clock& clock,
                                                                   PeriodCalendar calendar,
                                                                   FollowLimits limits = {});

  std::vector<grpc::Service*> services() { return {&handler_, &admin_handler_}; }
  void StartFollowing(absl::Duration interval) { follower_.Start(interval); }

 private:
  SettlementService(std::unique_ptr<mariadb::ConnectionPool> pool, account::AccountApi& accounts,
                    const Clock& clock, PeriodCalendar calendar, FollowLimits limits)
      : pool_(std::move(pool)),
        store_(*pool_, calendar),
        terms_(accounts),
        follower_(accounts, store_, terms_, limits),
        settlement_(store_, follower_, accounts, terms_, calendar),
        closing_(store_, follower_, accounts, terms_, calendar, clock),
        handler_(settlement_, closing_),
        admin_handler_(closing_) {}

  std::unique_ptr<mariadb::ConnectionPool> pool_;
  MariaDbTotalsStore store_;
  PartnerTermsCache terms_;
  LedgerFollower follower_;
  Settlement settlement_;
  PeriodClosing closing_;
  SettlementServiceHandler handler_;
  SettlementAdminHandler admin_handler_;
};

}  // namespace coalition::settlement
