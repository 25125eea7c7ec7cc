#include "services/redemption/mariadb_redemption_store.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::redemption {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

constexpr char kRedemptionColumns[] =
    "redemption_id, partner_id, member_id, household_id, points, posting_sequence,"
    " redeem_time_us, request_fingerprint";
constexpr char kHoldColumns[] =
    "hold_id, partner_id, member_id, points, state, captured_points, create_time_us,"
    " close_time_us, request_fingerprint, close_caller, close_request_id, close_fingerprint,"
    " expire_time_us";

v1::Redemption RedemptionFromRow(sql::ResultSet& row) {
  v1::Redemption redemption;
  redemption.set_redemption_id(GetString(row, "redemption_id"));
  redemption.set_partner_id(GetString(row, "partner_id"));
  redemption.set_member_id(GetString(row, "member_id"));
  redemption.set_household_id(GetString(row, "household_id"));
  redemption.set_points(row.getInt64("points"));
  redemption.set_posting_sequence(row.getInt64("posting_sequence"));
  *redemption.mutable_redeem_time() = MicrosToProtoTime(row.getInt64("redeem_time_us"));
  return redemption;
}

RedemptionStore::StoredHold HoldFromRow(sql::ResultSet& row) {
  RedemptionStore::StoredHold stored;
  v1::Hold& hold = stored.hold;
  hold.set_hold_id(GetString(row, "hold_id"));
  hold.set_partner_id(GetString(row, "partner_id"));
  hold.set_member_id(GetString(row, "member_id"));
  hold.set_points(row.getInt64("points"));
  hold.set_state(static_cast<v1::Hold::State>(row.getInt("state")));
  hold.set_captured_points(row.getInt64("captured_points"));
  *hold.mutable_create_time() = MicrosToProtoTime(row.getInt64("create_time_us"));
  if (!row.isNull("expire_time_us")) {
    *hold.mutable_expire_time() = MicrosToProtoTime(row.getInt64("expire_time_us"));
  }
  if (!row.isNull("close_time_us")) {
    *hold.mutable_close_time() = MicrosToProtoTime(row.getInt64("close_time_us"));
    stored.closed_by =
        RequestKey{GetString(row, "close_caller"), GetString(row, "close_request_id"),
                   GetString(row, "close_fingerprint")};
  }
  return stored;
}

// The row this key created in `table`, if any; ALREADY_EXISTS if it was a different request.
absl::StatusOr<std::unique_ptr<sql::ResultSet>> RowByRequest(Connection& db, const char* columns,
                                                             const char* table,
                                                             const RequestKey& key) {
  sql::PreparedStatement& find = db.Prepare(
      absl::StrCat("SELECT ", columns, " FROM ", table, " WHERE caller = ? AND request_id = ?"));
  find.setString(1, key.caller);
  find.setString(2, key.request_id);
  auto rows = Query(find);
  if (!rows->next()) return nullptr;
  if (GetString(*rows, "request_fingerprint") != key.fingerprint) return RequestIdReused(key);
  return rows;
}

}  // namespace

absl::StatusOr<v1::Redemption> MariaDbRedemptionStore::InsertRedemption(
    const RequestKey& key, const v1::Redemption& redemption) {
  v1::Redemption result;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(auto row, RowByRequest(db, kRedemptionColumns, "redemptions", key));
        if (row != nullptr) {
          result = RedemptionFromRow(*row);
          return absl::OkStatus();
        }
        sql::PreparedStatement& insert = db.Prepare(
            "INSERT INTO redemptions (redemption_id, caller, request_id, request_fingerprint,"
            " partner_id, member_id, points, posting_sequence, redeem_time_us, household_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, redemption.redemption_id());
        insert.setString(2, key.caller);
        insert.setString(3, key.request_id);
        insert.setString(4, key.fingerprint);
        insert.setString(5, redemption.partner_id());
        insert.setString(6, redemption.member_id());
        insert.setInt64(7, redemption.points());
        insert.setInt64(8, redemption.posting_sequence());
        insert.setInt64(9, ProtoTimeToMicros(redemption.redeem_time()));
        insert.setString(10, redemption.household_id());
        insert.executeUpdate();
        result = redemption;
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<v1::Hold> MariaDbRedemptionStore::InsertHold(const RequestKey& key,
                                                            const v1::Hold& hold) {
  v1::Hold result;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(auto row, RowByRequest(db, kHoldColumns, "holds", key));
        if (row != nullptr) {
          result = HoldFromRow(*row).hold;
          return absl::OkStatus();
        }
        sql::PreparedStatement& insert = db.Prepare(
            "INSERT INTO holds (hold_id, caller, request_id, request_fingerprint, partner_id,"
            " member_id, points, state, create_time_us, expire_time_us)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0))");
        insert.setString(1, hold.hold_id());
        insert.setString(2, key.caller);
        insert.setString(3, key.request_id);
        insert.setString(4, key.fingerprint);
        insert.setString(5, hold.partner_id());
        insert.setString(6, hold.member_id());
        insert.setInt64(7, hold.points());
        insert.setInt(8, hold.state());
        insert.setInt64(9, ProtoTimeToMicros(hold.create_time()));
        insert.setInt64(10, ProtoTimeToMicros(hold.expire_time()));
        insert.executeUpdate();
        result = hold;
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<RedemptionStore::StoredHold> MariaDbRedemptionStore::GetHold(
    const std::string& hold_id) {
  absl::StatusOr<StoredHold> result;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& find =
        db.Prepare(absl::StrCat("SELECT ", kHoldColumns, " FROM holds WHERE hold_id = ?"));
    find.setString(1, hold_id);
    auto rows = Query(find);
    if (rows->next()) {
      result = HoldFromRow(*rows);
    } else {
      result = absl::NotFoundError(absl::StrCat("hold_id: no hold '", hold_id, "'"));
    }
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<bool> MariaDbRedemptionStore::CloseHold(const RequestKey& key,
                                                       const v1::Hold& closed) {
  bool closed_now = false;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& close = db.Prepare(
        "UPDATE holds SET state = ?, captured_points = ?, close_time_us = ?, close_caller = ?,"
        " close_request_id = ?, close_fingerprint = ? WHERE hold_id = ? AND state = ?");
    close.setInt(1, closed.state());
    close.setInt64(2, closed.captured_points());
    close.setInt64(3, ProtoTimeToMicros(closed.close_time()));
    close.setString(4, key.caller);
    close.setString(5, key.request_id);
    close.setString(6, key.fingerprint);
    close.setString(7, closed.hold_id());
    close.setInt(8, v1::Hold::HELD);
    closed_now = close.executeUpdate() == 1;
    return absl::OkStatus();
  }));
  return closed_now;
}

absl::StatusOr<std::vector<std::string>> MariaDbRedemptionStore::ExpiredHolds(absl::Time now,
                                                                              int limit) {
  std::vector<std::string> holds;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& find = db.Prepare(
        "SELECT hold_id FROM holds WHERE state = ? AND expire_time_us <= ?"
        " ORDER BY expire_time_us LIMIT ?");
    find.setInt(1, v1::Hold::HELD);
    find.setInt64(2, absl::ToUnixMicros(now));
    find.setInt(3, limit);
    for (auto rows = mariadb::Query(find); rows->next();) {
      holds.push_back(GetString(*rows, "hold_id"));
    }
    return absl::OkStatus();
  }));
  return holds;
}

absl::StatusOr<std::optional<v1::Redemption>> MariaDbRedemptionStore::FindRedemption(
    const RequestKey& key) {
  std::optional<v1::Redemption> found;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    ASSIGN_OR_RETURN(auto row, RowByRequest(db, kRedemptionColumns, "redemptions", key));
    if (row != nullptr) found = RedemptionFromRow(*row);
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<std::optional<v1::Hold>> MariaDbRedemptionStore::FindHold(const RequestKey& key) {
  std::optional<v1::Hold> found;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    ASSIGN_OR_RETURN(auto row, RowByRequest(db, kHoldColumns, "holds", key));
    if (row != nullptr) found = HoldFromRow(*row).hold;
    return absl::OkStatus();
  }));
  return found;
}

}  // namespace coalition::redemption
