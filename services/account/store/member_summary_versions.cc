#include "services/account/store/member_summary_versions.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/account/store/sql_enums.h"
#include "services/common/mariadb/json_rows.h"
#include "services/common/mariadb/multi_row.h"

namespace coalition::account::summary_versions {

using mariadb::Connection;
using mariadb::ForEachChunk;
using mariadb::JsonRows;
using mariadb::Query;
using mariadb::RepeatRow;

void BumpForAccounts(Connection& db, std::span<const int64_t> account_ids) {
  if (account_ids.empty()) return;
  JsonRows accounts;
  for (const int64_t account_id : account_ids) accounts.Add(account_id);
  // A member's own, hold and pending accounts (and a household's, for its owner: harmless).
  sql::PreparedStatement& bump = db.Prepare(
      "INSERT INTO member_summary_versions (member_id, version)"
      " SELECT DISTINCT a.member_id, 1 FROM JSON_TABLE(?, '$[*]' COLUMNS ("
      " account_id BIGINT PATH '$[0]')) j JOIN accounts a ON a.account_id = j.account_id"
      " WHERE a.member_id IS NOT NULL AND a.member_id <> '' ORDER BY a.member_id"
      " ON DUPLICATE KEY UPDATE version = version + 1");
  bump.setString(1, accounts.Json());
  bump.executeUpdate();
}

void Bump(Connection& db, std::vector<std::string> member_ids) {
  std::sort(member_ids.begin(), member_ids.end());
  member_ids.erase(std::unique(member_ids.begin(), member_ids.end()), member_ids.end());
  ForEachChunk(member_ids.size(), [&](size_t first, size_t count) {
    sql::PreparedStatement& bump = db.Prepare(absl::StrCat(
        "INSERT INTO member_summary_versions (member_id, version) VALUES ",
        RepeatRow("(?, 1)", count), " ON DUPLICATE KEY UPDATE version = version + 1"));
    for (unsigned int i = 0; i < count; ++i) bump.setString(i + 1, member_ids[first + i]);
    bump.executeUpdate();
  });
}

int64_t Read(Connection& db, const std::string& member_id) {
  sql::PreparedStatement& read =
      db.Prepare("SELECT version FROM member_summary_versions WHERE member_id = ?");
  read.setString(1, member_id);
  auto rows = Query(read);
  return rows->next() ? rows->getInt64("version") : 0;
}

}  // namespace coalition::account::summary_versions
