// The secret a service keys its derived ids with (IdDeriver), and the only thing it needs no
// configuration for: 32 random bytes the database makes the first time any replica starts, kept
// in the service's own schema, the same for every replica and every restart.
//
//   ASSIGN_OR_RETURN(std::string secret, ServiceSecret(*pool));
//   IdDeriver ids(std::move(secret));
//
// Whoever can read the schema can read it; they can read the ids themselves too. It is there
// against partners computing each other's ids from guessed request ids, not against a DBA.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::mariadb {

absl::StatusOr<std::string> ServiceSecret(ConnectionPool& pool);

}  // namespace coalition::mariadb
