#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/mariadb/job_runs.h"

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace coalition::mariadb::job_runs {

using mariadb::GetString;
using mariadb::Query;

absl::StatusOr<int64_t> FindOrStart(mariadb::Connection& db, const std::string& table,
                                    const RequestKey& key, absl::Time as_of) {
  sql::PreparedStatement& find = db.Prepare(absl::StrCat(
      "SELECT run_id, request_fingerprint FROM ", table, " WHERE caller = ? AND request_id = ?"));
  find.setString(1, key.caller);
  find.setString(2, key.request_id);
  if (auto rows = Query(find); rows->next()) {
    RETURN_IF_ERROR(CheckSameRequest(GetString(*rows, "request_fingerprint"), key));
    return rows->getInt64("run_id");
  }
  sql::PreparedStatement& insert = db.Prepare(
      absl::StrCat("INSERT INTO ", table,
                   " (caller, request_id, request_fingerprint, as_of_us) VALUES (?, ?, ?, ?)"
                   " RETURNING run_id"));
  BindRequestKey(insert, 1, key);
  insert.setInt64(4, absl::ToUnixMicros(as_of));
  auto rows = Query(insert);
  rows->next();
  return rows->getInt64("run_id");
}

void MarkComplete(mariadb::Connection& db, const std::string& table, int64_t run_id) {
  sql::PreparedStatement& mark =
      db.Prepare(absl::StrCat("UPDATE ", table, " SET complete = TRUE WHERE run_id = ?"));
  mark.setInt64(1, run_id);
  mark.executeUpdate();
}

}  // namespace coalition::mariadb::job_runs
