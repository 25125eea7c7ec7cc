#include "services/common/mariadb/duplicate_keys.h"

#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "services/common/mariadb/sql_error.h"
#include "services/common/status_macros.h"

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

absl::StatusOr<std::optional<std::string>> EarlierRequestId(Connection& db,
                                                            const std::string& table,
                                                            const std::string& id_column,
                                                            const RequestKey& key) {
  sql::PreparedStatement& find =
      db.Prepare(absl::StrCat("SELECT ", id_column, " AS id, request_fingerprint FROM ", table,
                              " WHERE caller = ? AND request_id = ?"));
  find.setString(1, key.caller);
  find.setString(2, key.request_id);
  auto rows = Query(find);
  if (!rows->next()) return std::nullopt;
  RETURN_IF_ERROR(CheckSameRequest(GetString(*rows, "request_fingerprint"), key));
  return GetString(*rows, "id");
}

}  // namespace coalition::mariadb
