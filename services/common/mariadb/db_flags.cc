#include "services/common/mariadb/db_flags.h"

#include <cstdlib>

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, db_host, "127.0.0.1", "MariaDB host");
ABSL_FLAG(int, db_port, 3306, "MariaDB TCP port");
ABSL_FLAG(std::string, db_user, "coalition", "MariaDB user (password: $COALITION_DB_PASSWORD)");
ABSL_FLAG(int, db_pool_size, 8, "connections per service");
ABSL_FLAG(std::string, db_schema_prefix, "coalition_",
          "each service's database is this prefix + its name, e.g. coalition_account");

namespace coalition::mariadb {

DbConfig DbConfigFromFlags(const std::string& service) {
  DbConfig config;
  config.host = absl::GetFlag(FLAGS_db_host);
  config.port = absl::GetFlag(FLAGS_db_port);
  config.user = absl::GetFlag(FLAGS_db_user);
  const char* password = std::getenv("COALITION_DB_PASSWORD");
  config.password = password == nullptr ? "" : password;
  config.schema = absl::GetFlag(FLAGS_db_schema_prefix) + service;
  config.pool_size = absl::GetFlag(FLAGS_db_pool_size);
  return config;
}

}  // namespace coalition::mariadb
