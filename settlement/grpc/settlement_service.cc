#include "settlement/grpc/settlement_service.h"

#include "services/common/mariadb/migrate.h"
#include "services/common/migration.h"
#include "services/common/status_macros.h"

namespace coalition::settlement {

const std::vector<Migration>& Migrations();  // embedded from migrations/*.sql

absl::StatusOr<std::unique_ptr<SettlementService>> SettlementService::Create(
    const mariadb::DbConfig& db, account::AccountApi& accounts, const Clock& clock,
    PeriodCalendar calendar, FollowLimits limits) {
  RETURN_IF_ERROR(mariadb::ApplyMigrations(db, Migrations()));
  ASSIGN_OR_RETURN(std::unique_ptr<mariadb::ConnectionPool> pool,
                   mariadb::ConnectionPool::Create(db));
  return std::unique_ptr<SettlementService>(
      new SettlementService(std::move(pool), accounts, clock, calendar, limits));
}

}  // namespace coalition::settlement
