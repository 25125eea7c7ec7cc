#include "services/common/mariadb/duplicate_keys.h"

#include "cppconn/exception.h"
#include "services/common/mariadb/sql_error.h"

namespace coalition::mariadb {

absl::Status InTransactionReplayingDuplicates(
    ConnectionPool& pool, const std::function<absl::Status(Connection&)>& work) {
  return pool.InTransaction([&](Connection& db) -> absl::Status {
    try {
      return work(db);
    } catch (const sql::SQLException& e) {
      // ABORTED makes the pool run `work` again, in a fresh transaction.
      if (IsDuplicateKey(e)) return absl::AbortedError("a concurrent request with this key won");
      throw;
    }
  });
}

}  // namespace coalition::mariadb
