#include "services/common/mariadb/connection_pool.h"

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cppconn/driver.h"
#include "cppconn/exception.h"
#include "cppconn/statement.h"
#include "mysql_driver.h"
#include "services/common/mariadb/sql_error.h"

namespace coalition::mariadb {
namespace {

constexpr int kMaxAttempts = 3;

sql::mysql::MySQL_Driver* Driver() {
  static sql::mysql::MySQL_Driver* driver = sql::mysql::get_mysql_driver_instance();
  return driver;
}

// The C client wants per-thread setup in every thread that talks to the server.
void EnsureThreadInitialised() {
  struct ThreadGuard {
    ThreadGuard() { Driver()->threadInit(); }
    ~ThreadGuard() { Driver()->threadEnd(); }
  };
  thread_local ThreadGuard guard;
}

const char* const kSessionSetup[] = {
    "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
    "SET SESSION time_zone = '+00:00'",
    "SET SESSION innodb_lock_wait_timeout = 3",
    "SET SESSION max_statement_time = 5",
    // A transaction left idle (a stalled client) is killed, releasing its locks.
    "SET SESSION idle_write_transaction_timeout = 10",
};

}  // namespace

sql::PreparedStatement& Connection::Prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, connection_->prepareStatement(sql)).first;
  }
  it->second->clearParameters();
  return *it->second;
}

void Connection::Execute(const std::string& sql) {
  std::unique_ptr<sql::Statement> statement(connection_->createStatement());
  statement->execute(sql);
}

absl::StatusOr<std::unique_ptr<Connection>> ConnectionPool::Connect(const DbConfig& config,
                                                                    bool use_schema) {
  EnsureThreadInitialised();
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString(absl::StrCat("tcp://", config.host, ":", config.port));
  options["userName"] = sql::SQLString(config.user);
  options["password"] = sql::SQLString(config.password);
  if (use_schema) options["schema"] = sql::SQLString(config.schema);
  options["OPT_CONNECT_TIMEOUT"] = 3;
  options["OPT_READ_TIMEOUT"] = 10;
  options["OPT_WRITE_TIMEOUT"] = 10;
  try {
    auto connection =
        std::make_unique<Connection>(std::unique_ptr<sql::Connection>(Driver()->connect(options)));
    for (const char* setup : kSessionSetup) connection->Execute(setup);
    return connection;
  } catch (const sql::SQLException& e) {
    return StatusFromSqlException(e, absl::StrCat("connecting to ", config.host, ":", config.port));
  }
}

absl::StatusOr<std::unique_ptr<ConnectionPool>> ConnectionPool::Create(const DbConfig& config) {
  Driver();
  std::unique_ptr<ConnectionPool> pool(new ConnectionPool(config));
  auto first = Connect(config, /*use_schema=*/true);
  if (!first.ok()) return first.status();
  {
    absl::MutexLock lock(&pool->mu_);
    pool->open_ = 1;
  }
  pool->Release(*std::move(first));
  return pool;
}

absl::StatusOr<std::unique_ptr<Connection>> ConnectionPool::Acquire() {
  EnsureThreadInitialised();
  {
    absl::MutexLock lock(&mu_);
    auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < config_.pool_size;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&available), config_.acquire_timeout)) {
      return absl::UnavailableError(absl::StrCat("database busy: no free connection within ",
                                                 absl::FormatDuration(config_.acquire_timeout)));
    }
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    ++open_;  // reserve the slot, then connect without holding the lock
  }
  auto connection = Connect(config_, /*use_schema=*/true);
  if (!connection.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
  }
  return connection;
}

void ConnectionPool::Release(std::unique_ptr<Connection> connection) {
  absl::MutexLock lock(&mu_);
  if (connection->broken()) {
    --open_;  // dropped; the next Acquire opens a fresh one
    return;
  }
  idle_.push_back(std::move(connection));
}

absl::Status ConnectionPool::RunOnce(Connection& connection, bool transactional,
                                     const std::function<absl::Status(Connection&)>& work) {
  try {
    if (transactional) connection.Execute("START TRANSACTION");
    absl::Status status = work(connection);
    if (transactional) connection.Execute(status.ok() ? "COMMIT" : "ROLLBACK");
    return status;
  } catch (const sql::SQLException& e) {
    if (IsConnectionLost(e)) {
      connection.MarkBroken();
    } else if (transactional) {
      try {
        connection.Execute("ROLLBACK");
      } catch (const sql::SQLException&) {
        connection.MarkBroken();
      }
    }
    return StatusFromSqlException(e, "transaction");
  }
}

absl::Status ConnectionPool::InTransaction(const std::function<absl::Status(Connection&)>& work) {
  absl::Status status;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    auto connection = Acquire();
    if (!connection.ok()) return connection.status();
    status = RunOnce(**connection, /*transactional=*/true, work);
    Release(*std::move(connection));
    if (status.code() != absl::StatusCode::kAborted) return status;
    // Deadlock victim: back off a little so the winner can finish.
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * attempt));
  }
  return status;
}

absl::Status ConnectionPool::WithConnection(const std::function<absl::Status(Connection&)>& work) {
  auto connection = Acquire();
  if (!connection.ok()) return connection.status();
  absl::Status status = RunOnce(**connection, /*transactional=*/false, work);
  Release(*std::move(connection));
  return status;
}

}  // namespace coalition::mariadb
