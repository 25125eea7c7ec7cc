// Where a service's schema lives and how many connections it may hold.
#pragma once

#include <string>

#include "absl/time/time.h"

namespace coalition::mariadb {

struct DbConfig {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user;
  std::string password;
  std::string schema;  // the service's own database
  int pool_size = 8;
  absl::Duration acquire_timeout = absl::Seconds(2);  // waiting for a free connection
};

}  // namespace coalition::mariadb
