// A bounded pool of MariaDB connections, and transactions over them.
//
//   ASSIGN_OR_RETURN(auto pool, ConnectionPool::Create(config));
//   absl::Status status = pool->InTransaction([&](Connection& db) -> absl::Status {
//     sql::PreparedStatement& debit = db.Prepare("UPDATE ... WHERE balance >= ?");
//     ...
//     return absl::OkStatus();  // commits; any other status rolls back
//   });
//
// Sessions run READ COMMITTED in UTC with short lock-wait and statement timeouts, so that no
// transaction holds locks (or a ledger sequence number) for long.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "cppconn/connection.h"
#include "cppconn/prepared_statement.h"
#include "cppconn/resultset.h"
#include "services/common/mariadb/db_config.h"

namespace coalition::mariadb {

// One open session; prepared statements are prepared once per session and reused.
class Connection {
 public:
  explicit Connection(std::unique_ptr<sql::Connection> connection)
      : connection_(std::move(connection)) {}

  // The cached statement for `sql`, with its parameters cleared.
  sql::PreparedStatement& Prepare(const std::string& sql);
  // Runs a statement that takes no parameters and returns no rows.
  void Execute(const std::string& sql);

  bool broken() const { return broken_; }
  void MarkBroken() { broken_ = true; }

 private:
  std::unique_ptr<sql::Connection> connection_;
  absl::flat_hash_map<std::string, std::unique_ptr<sql::PreparedStatement>> statements_;
  bool broken_ = false;
};

class ConnectionPool {
 public:
  // Loads the driver (must run before any server thread exists) and checks one connection.
  static absl::StatusOr<std::unique_ptr<ConnectionPool>> Create(const DbConfig& config);

  // Runs `work` in one transaction: commits on OK, rolls back otherwise. A deadlock or lock-wait
  // timeout re-runs `work` up to 3 times in all, so `work` must only have effects in the database.
  absl::Status InTransaction(const std::function<absl::Status(Connection&)>& work);

  // Runs `work` on a connection in autocommit mode (single-statement reads).
  absl::Status WithConnection(const std::function<absl::Status(Connection&)>& work);

  // Opens a connection outside the pool, e.g. with no default schema for migrations.
  static absl::StatusOr<std::unique_ptr<Connection>> Connect(const DbConfig& config,
                                                             bool use_schema);

 private:
  explicit ConnectionPool(const DbConfig& config) : config_(config) {}
  absl::StatusOr<std::unique_ptr<Connection>> Acquire();
  void Release(std::unique_ptr<Connection> connection);
  absl::Status RunOnce(Connection& connection, bool transactional,
                       const std::function<absl::Status(Connection&)>& work);

  const DbConfig config_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

// Runs a prepared query; the result set is owned by the caller.
inline std::unique_ptr<sql::ResultSet> Query(sql::PreparedStatement& statement) {
  return std::unique_ptr<sql::ResultSet>(statement.executeQuery());
}

// Reads a column as std::string (Connector/C++ returns its own SQLString).
inline std::string GetString(sql::ResultSet& row, const char* column) {
  return row.getString(column).asStdString();
}

}  // namespace coalition::mariadb
