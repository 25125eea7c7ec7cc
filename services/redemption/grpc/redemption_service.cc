#include "services/redemption/grpc/redemption_service.h"

#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/mariadb/migrate.h"
#include "services/common/mariadb/service_secret.h"
#include "services/common/migration.h"
#include "services/common/status_macros.h"

namespace coalition::redemption {

const std::vector<Migration>& Migrations();  // embedded from migrations/*.sql

absl::StatusOr<std::unique_ptr<RedemptionService>> RedemptionService::Create(
    const mariadb::DbConfig& db, account::AccountApi& accounts, const Clock& clock) {
  RETURN_IF_ERROR(mariadb::ApplyMigrations(db, Migrations()));
  ASSIGN_OR_RETURN(std::unique_ptr<mariadb::ConnectionPool> pool,
                   mariadb::ConnectionPool::Create(db));
  ASSIGN_OR_RETURN(std::string id_secret, mariadb::ServiceSecret(*pool));
  return std::unique_ptr<RedemptionService>(
      new RedemptionService(std::move(pool), std::move(id_secret), accounts, clock));
}

void RedemptionService::StartSweeping(absl::Duration every) {
  sweeper_ = std::thread([this, every] {
    while (!stop_.WaitForNotificationWithTimeout(every)) {
      absl::StatusOr<v1::ReleaseExpiredHoldsResponse> swept =
          redemption_.ReleaseExpired(v1::ReleaseExpiredHoldsRequest{});
      if (!swept.ok())
        LogError("redemption", absl::StrCat("hold sweep: ", swept.status().ToString()));
      absl::StatusOr<v1::FinishInterruptedResponse> finished =
          FinishAllInterrupted(redemption_, catalogue_, v1::FinishInterruptedRequest{});
      if (!finished.ok()) {
        LogError("redemption", absl::StrCat("finish interrupted: ", finished.status().ToString()));
      }
      const absl::Status pruned = controls_.Prune(clock_.Now() - absl::Hours(48));
      if (!pruned.ok()) LogError("redemption", absl::StrCat("spending prune: ", pruned.ToString()));
    }
  });
}

RedemptionService::~RedemptionService() {
  stop_.Notify();
  if (sweeper_.joinable()) sweeper_.join();
}

}  // namespace coalition::redemption
