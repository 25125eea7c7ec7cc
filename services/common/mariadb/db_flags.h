// The command-line flags every service shares for its database: --db_host, --db_port, --db_user,
// --db_pool_size, --db_schema_prefix; the password comes from COALITION_DB_PASSWORD so it never
// shows in `ps`.
#pragma once

#include <string>

#include "services/common/mariadb/db_config.h"

namespace coalition::mariadb {

// The config from the shared flags for `service`'s own schema (prefix + service).
DbConfig DbConfigFromFlags(const std::string& service);

}  // namespace coalition::mariadb
