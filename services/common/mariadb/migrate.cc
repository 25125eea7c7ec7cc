#include "services/common/mariadb/migrate.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "services/common/fingerprint.h"
#include "services/common/log.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/mariadb/sql_error.h"

namespace coalition::mariadb {
namespace {

bool IsPlainIdentifier(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!allowed) return false;
  }
  return true;
}

absl::Status Apply(Connection& db, const std::string& schema,
                   const std::vector<Migration>& migrations) {
  db.Execute(absl::StrCat("CREATE DATABASE IF NOT EXISTS `", schema,
                          "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"));
  db.Execute(absl::StrCat("USE `", schema, "`"));
  db.Execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INT NOT NULL PRIMARY KEY,"
      " name VARCHAR(200) NOT NULL,"
      " checksum CHAR(64) NOT NULL,"
      " applied_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
      ") ENGINE=InnoDB");

  std::map<int, std::string> applied;
  {
    std::unique_ptr<sql::ResultSet> rows(
        db.Prepare("SELECT version, checksum FROM schema_migrations").executeQuery());
    while (rows->next()) applied[rows->getInt("version")] = GetString(*rows, "checksum");
  }
  for (const Migration& migration : migrations) {
    const std::string checksum = Sha256Hex(migration.sql);
    if (auto it = applied.find(migration.version); it != applied.end()) {
      if (it->second != checksum) {
        return absl::FailedPreconditionError(
            absl::StrCat("migration ", migration.name, " changed after it was applied to ", schema,
                         "; add a new migration instead of editing it"));
      }
      continue;
    }
    // MariaDB commits DDL implicitly, so a migration is recorded only once all of it ran.
    for (const std::string& statement : SplitSqlStatements(migration.sql)) db.Execute(statement);
    sql::PreparedStatement& record =
        db.Prepare("INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)");
    record.setInt(1, migration.version);
    record.setString(2, migration.name);
    record.setString(3, checksum);
    record.executeUpdate();
    LogInfo("migrate", absl::StrCat(schema, ": applied ", migration.name));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyMigrations(const DbConfig& config, const std::vector<Migration>& migrations) {
  if (!IsPlainIdentifier(config.schema)) {
    return absl::InvalidArgumentError(
        absl::StrCat("database schema name '", config.schema, "' must be [a-z0-9_], 1-64 chars"));
  }
  auto connection = ConnectionPool::Connect(config, /*use_schema=*/false);
  if (!connection.ok()) return connection.status();
  Connection& db = **connection;
  const std::string lock_name = absl::StrCat("coalition_migrate_", config.schema);
  try {
    {
      sql::PreparedStatement& lock = db.Prepare("SELECT GET_LOCK(?, 30)");
      lock.setString(1, lock_name);
      auto got = mariadb::Query(lock);
      if (!got->next() || got->getInt(1) != 1) {
        return absl::UnavailableError(absl::StrCat("could not take lock ", lock_name));
      }
    }
    absl::Status status = Apply(db, config.schema, migrations);
    sql::PreparedStatement& unlock = db.Prepare("SELECT RELEASE_LOCK(?)");
    unlock.setString(1, lock_name);
    std::unique_ptr<sql::ResultSet>(unlock.executeQuery());
    return status;
  } catch (const sql::SQLException& e) {
    return StatusFromSqlException(e, absl::StrCat("migrating ", config.schema));
  }
}

}  // namespace coalition::mariadb
