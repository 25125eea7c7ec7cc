#include "partner-gateway/store/mobile_backends.h"

#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::gateway {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

// A backend from a row of mobile_backends or mobile_backend_changes (`time_column` differs).
v1::MobileBackend BackendOf(sql::ResultSet& row, const char* time_column) {
  v1::MobileBackend backend;
  backend.set_mobile_id(GetString(row, "mobile_id"));
  backend.set_members_of_partner_id(GetString(row, "members_of_partner_id"));
  backend.set_all_members(row.getBoolean("all_members"));
  *backend.mutable_update_time() = MicrosToProtoTime(row.getInt64(time_column));
  return backend;
}

absl::StatusOr<std::optional<v1::MobileBackend>> Read(Connection& db,
                                                      const std::string& mobile_id) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT mobile_id, members_of_partner_id, all_members, update_time_us FROM mobile_backends"
      " WHERE mobile_id = ?");
  read.setString(1, mobile_id);
  auto rows = Query(read);
  if (!rows->next()) return std::nullopt;
  return BackendOf(*rows, "update_time_us");
}

}  // namespace

absl::StatusOr<v1::MobileBackend> MobileBackends::Set(const RequestKey& request,
                                                      const v1::MobileBackend& backend) {
  const int64_t now_us = absl::ToUnixMicros(clock_.Now());
  std::optional<v1::MobileBackend> result;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(
            const std::optional<std::string> earlier,
            mariadb::EarlierRequestId(db, "mobile_backend_changes", "mobile_id", request));
        if (earlier) {
          // What that request set, even if a later one changed it since.
          sql::PreparedStatement& read = db.Prepare(
              "SELECT mobile_id, members_of_partner_id, all_members, change_time_us"
              " FROM mobile_backend_changes WHERE caller = ? AND request_id = ?");
          read.setString(1, request.caller);
          read.setString(2, request.request_id);
          auto rows = Query(read);
          rows->next();
          result = BackendOf(*rows, "change_time_us");
          return absl::OkStatus();
        }
        sql::PreparedStatement& change = db.Prepare(
            "INSERT INTO mobile_backend_changes (caller, request_id, request_fingerprint, "
            "mobile_id,"
            " members_of_partner_id, all_members, change_time_us) VALUES (?, ?, ?, ?, ?, ?, ?)");
        mariadb::BindRequestKey(change, 1, request);
        change.setString(4, backend.mobile_id());
        change.setString(5, backend.members_of_partner_id());
        change.setBoolean(6, backend.all_members());
        change.setInt64(7, now_us);
        change.executeUpdate();
        sql::PreparedStatement& upsert = db.Prepare(
            "INSERT INTO mobile_backends (mobile_id, members_of_partner_id, all_members,"
            " update_time_us) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
            " members_of_partner_id = VALUES(members_of_partner_id),"
            " all_members = VALUES(all_members), update_time_us = VALUES(update_time_us)");
        upsert.setString(1, backend.mobile_id());
        upsert.setString(2, backend.members_of_partner_id());
        upsert.setBoolean(3, backend.all_members());
        upsert.setInt64(4, now_us);
        upsert.executeUpdate();
        ASSIGN_OR_RETURN(result, Read(db, backend.mobile_id()));
        return absl::OkStatus();
      }));
  cache_.Forget(backend.mobile_id());
  return *result;
}

absl::StatusOr<std::optional<v1::MobileBackend>> MobileBackends::Find(
    const std::string& mobile_id) {
  const absl::Time now = clock_.Now();
  if (auto cached = cache_.Find(mobile_id, now)) return *cached;
  std::optional<v1::MobileBackend> found;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    ASSIGN_OR_RETURN(found, Read(db, mobile_id));
    return absl::OkStatus();
  }));
  cache_.Put(mobile_id, found, now);
  return found;
}

}  // namespace coalition::gateway
