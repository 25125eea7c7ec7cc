// Brings a service's schema up to date at start: creates the database if needed, then applies
// the migrations it has not applied yet, in version order, under a named lock so two replicas
// starting together do not race.
//
//   RETURN_IF_ERROR(ApplyMigrations(config, account::Migrations()));
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "services/common/mariadb/db_config.h"
#include "services/common/migration.h"

namespace coalition::mariadb {

// FAILED_PRECONDITION when an applied migration's text has changed since it was applied.
absl::Status ApplyMigrations(const DbConfig& config, const std::vector<Migration>& migrations);

}  // namespace coalition::mariadb
