#include "services/common/mariadb/versioned_protos.h"

#include "absl/strings/str_cat.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/status_macros.h"

namespace coalition::mariadb {

absl::StatusOr<std::string> VersionedBlobs::Publish(
    const RequestKey& key, const std::string& partner_id, int64_t effective_from_us,
    const std::function<std::string(int64_t)>& serialize) {
  std::string stored;
  RETURN_IF_ERROR(InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
    sql::PreparedStatement& find =
        db.Prepare(absl::StrCat("SELECT ", blob_column_, " AS stored, request_fingerprint FROM ",
                                table_, " WHERE caller = ? AND request_id = ?"));
    find.setString(1, key.caller);
    find.setString(2, key.request_id);
    if (auto rows = Query(find); rows->next()) {
      // Not RETURN_IF_ERROR: this lambda runs inside one, whose status_ it would shadow.
      if (absl::Status same = CheckSameRequest(GetString(*rows, "request_fingerprint"), key);
          !same.ok())
        return same;
      stored = GetString(*rows, "stored");
      return absl::OkStatus();
    }
    // Two publications racing take the same number; the loser's duplicate key replays it.
    sql::PreparedStatement& next = db.Prepare(absl::StrCat(
        "SELECT COALESCE(MAX(version), 0) + 1 AS next FROM ", table_, " WHERE partner_id = ?"));
    next.setString(1, partner_id);
    auto rows = Query(next);
    rows->next();
    const int64_t version = rows->getInt64("next");
    stored = serialize(version);
    sql::PreparedStatement& insert = db.Prepare(absl::StrCat(
        "INSERT INTO ", table_, " (partner_id, version, effective_from_us, ", blob_column_,
        ", caller, request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    insert.setString(1, partner_id);
    insert.setInt64(2, version);
    insert.setInt64(3, effective_from_us);
    insert.setString(4, stored);
    BindRequestKey(insert, 5, key);
    insert.executeUpdate();
    return absl::OkStatus();
  }));
  return stored;
}

absl::StatusOr<std::vector<std::string>> VersionedBlobs::List(const std::string& partner_id) {
  std::vector<std::string> versions;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& read =
        db.Prepare(absl::StrCat("SELECT ", blob_column_, " AS stored FROM ", table_,
                                " WHERE partner_id = ? ORDER BY version DESC LIMIT 1000"));
    read.setString(1, partner_id);
    for (auto rows = Query(read); rows->next();) versions.push_back(GetString(*rows, "stored"));
    return absl::OkStatus();
  }));
  return versions;
}

}  // namespace coalition::mariadb
