#include "services/common/mariadb/service_secret.h"

#include "services/common/status_macros.h"

namespace coalition::mariadb {

absl::StatusOr<std::string> ServiceSecret(ConnectionPool& pool) {
  std::string secret;
  RETURN_IF_ERROR(pool.WithConnection([&](Connection& db) -> absl::Status {
    // Two replicas starting together both insert; the first wins and both read its secret.
    db.Execute(
        "CREATE TABLE IF NOT EXISTS service_secret ("
        " id TINYINT NOT NULL PRIMARY KEY, secret VARBINARY(32) NOT NULL) ENGINE=InnoDB");
    db.Execute("INSERT IGNORE INTO service_secret (id, secret) VALUES (1, RANDOM_BYTES(32))");
    auto rows = Query(db.Prepare("SELECT secret FROM service_secret WHERE id = 1"));
    if (!rows->next()) return absl::InternalError("service_secret: no row after insert");
    secret = GetString(*rows, "secret");
    return absl::OkStatus();
  }));
  if (secret.size() != 32) {
    return absl::InternalError("service_secret: the stored secret is not 32 bytes");
  }
  return secret;
}

}  // namespace coalition::mariadb
