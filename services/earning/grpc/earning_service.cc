#include "services/earning/grpc/earning_service.h"

#include "services/common/mariadb/migrate.h"
#include "services/common/mariadb/service_secret.h"
#include "services/common/migration.h"
#include "services/common/status_macros.h"

namespace coalition::earning {

const std::vector<Migration>& Migrations();  // embedded from migrations/*.sql

absl::StatusOr<std::unique_ptr<EarningService>> EarningService::Create(
    const mariadb::DbConfig& db, account::AccountApi& accounts, const Clock& clock) {
  RETURN_IF_ERROR(mariadb::ApplyMigrations(db, Migrations()));
  ASSIGN_OR_RETURN(std::unique_ptr<mariadb::ConnectionPool> pool,
                   mariadb::ConnectionPool::Create(db));
  ASSIGN_OR_RETURN(std::string id_secret, mariadb::ServiceSecret(*pool));
  return std::unique_ptr<EarningService>(
      new EarningService(std::move(pool), std::move(id_secret), accounts, clock));
}

}  // namespace coalition::earning
