#include "services/account/store/mariadb_transfer_store.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/account/ledger_rules.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/mariadb/request_claims.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

int64_t DaysSinceEpoch(const google::protobuf::Timestamp& time) {
  const absl::CivilDay day =
      absl::ToCivilDay(absl::FromUnixSeconds(time.seconds()), absl::UTCTimeZone());
  return day - absl::CivilDay(1970, 1, 1);
}

v1::Transfer TransferFromRow(sql::ResultSet& row) {
  v1::Transfer transfer;
  transfer.set_transfer_id(GetString(row, "transfer_id"));
  transfer.set_from_member_id(GetString(row, "from_member_id"));
  if (row.getInt("to_kind") == v1::HOUSEHOLD) {
    transfer.set_to_household_id(GetString(row, "to_owner_id"));
  } else {
    transfer.set_to_member_id(GetString(row, "to_owner_id"));
  }
  transfer.set_points(row.getInt64("points"));
  transfer.set_posting_sequence(row.getInt64("posting_sequence"));
  *transfer.mutable_transfer_time() = MicrosToProtoTime(row.getInt64("transfer_time_us"));
  transfer.set_daily_points_left(row.getInt64("daily_points_left"));
  return transfer;
}

absl::StatusOr<std::optional<v1::Transfer>> FindEarlier(Connection& db, const RequestKey& key) {
  sql::PreparedStatement& find = db.Prepare(
      "SELECT transfer_id, from_member_id, to_kind, to_owner_id, points, posting_sequence,"
      " transfer_time_us, daily_points_left, request_fingerprint FROM transfers"
      " WHERE caller = ? AND request_id = ?");
  find.setString(1, key.caller);
  find.setString(2, key.request_id);
  auto rows = Query(find);
  if (!rows->next()) return std::nullopt;
  RETURN_IF_ERROR(CheckSameRequest(GetString(*rows, "request_fingerprint"), key));
  return TransferFromRow(*rows);
}

// Takes the row locks of both accounts, which every spend of their points also takes, in the
// ledger's (kind, owner) order so that transfers in opposite directions cannot deadlock.
absl::Status LockBothAccounts(Connection& db, const v1::Transfer& transfer) {
  const bool to_household = !transfer.to_household_id().empty();
  sql::PreparedStatement& lock = db.Prepare(
      "SELECT kind, owner_id FROM accounts WHERE (kind = ? AND owner_id = ?)"
      " OR (kind = ? AND owner_id = ?) ORDER BY kind, owner_id FOR UPDATE");
  lock.setInt(1, v1::MEMBER);
  lock.setString(2, transfer.from_member_id());
  lock.setInt(3, to_household ? v1::HOUSEHOLD : v1::MEMBER);
  lock.setString(4, to_household ? transfer.to_household_id() : transfer.to_member_id());
  bool sender = false;
  bool recipient = false;
  for (auto rows = Query(lock); rows->next();) {
    const bool is_sender = rows->getInt("kind") == v1::MEMBER &&
                           GetString(*rows, "owner_id") == transfer.from_member_id();
    (is_sender ? sender : recipient) = true;
  }
  if (!sender) {
    return absl::NotFoundError(
        absl::StrCat("from_member_id: no member '", transfer.from_member_id(), "'"));
  }
  if (!recipient && !to_household) {
    return absl::NotFoundError(
        absl::StrCat("to_member_id: no member '", transfer.to_member_id(), "'"));
  }
  return absl::OkStatus();
}

absl::Status CheckSenderInHousehold(Connection& db, const std::string& member_id,
                                    const std::string& household_id) {
  sql::PreparedStatement& find =
      db.Prepare("SELECT household_id FROM household_members WHERE member_id = ?");
  find.setString(1, member_id);
  auto rows = Query(find);
  if (rows->next() && GetString(*rows, "household_id") == household_id) return absl::OkStatus();
  sql::PreparedStatement& exists = db.Prepare("SELECT 1 FROM households WHERE household_id = ?");
  exists.setString(1, household_id);
  if (!Query(exists)->next()) {
    return absl::NotFoundError(absl::StrCat("to_household_id: no household '", household_id, "'"));
  }
  return absl::FailedPreconditionError(absl::StrCat("from_member_id: member '", member_id,
                                                    "' is not in household '", household_id,
                                                    "': only its members pool points into it"));
}

int64_t SentOnDay(Connection& db, const std::string& member_id, int64_t day) {
  sql::PreparedStatement& sum = db.Prepare(
      "SELECT COALESCE(SUM(points), 0) AS sent FROM transfers"
      " WHERE from_member_id = ? AND transfer_day = ?");
  sum.setString(1, member_id);
  sum.setInt64(2, day);
  auto rows = Query(sum);
  rows->next();
  return rows->getInt64("sent");
}

}  // namespace

absl::StatusOr<v1::Transfer> MariaDbTransferStore::Transfer(const RequestKey& key,
                                                            const PostingDraft& posting,
                                                            const v1::Transfer& transfer,
                                                            int64_t daily_limit_points) {
  v1::Transfer result;
  const auto earlier_transfer = [&](Connection& db) -> absl::StatusOr<bool> {
    ASSIGN_OR_RETURN(std::optional<v1::Transfer> earlier, FindEarlier(db, key));
    if (earlier) result = *std::move(earlier);
    return earlier.has_value();
  };
  // The key is claimed first: a copy of this request waits on the claim, then gets this transfer,
  // never a refusal of its own because this one moved the points.
  absl::Status status = mariadb::InClaimedTransactionAfterEarlier(
      pool_, key, earlier_transfer, [&](Connection& db) -> absl::Status {
        RETURN_IF_ERROR(LockBothAccounts(db, transfer));
        if (!transfer.to_household_id().empty()) {
          RETURN_IF_ERROR(
              CheckSenderInHousehold(db, transfer.from_member_id(), transfer.to_household_id()));
        }
        const int64_t day = DaysSinceEpoch(transfer.transfer_time());
        const int64_t sent = SentOnDay(db, transfer.from_member_id(), day);
        if (sent + transfer.points() > daily_limit_points) {
          return absl::ResourceExhaustedError(
              absl::StrCat("points: member '", transfer.from_member_id(), "' may transfer ",
                           daily_limit_points, " points a day (UTC) and has transferred ", sent,
                           " today; ", daily_limit_points - sent, " left"));
        }
        ASSIGN_OR_RETURN(v1::Posting posted, ledger_.AppendIn(db, posting, nullptr));
        result = transfer;
        result.set_posting_sequence(posted.sequence());
        result.set_daily_points_left(daily_limit_points - sent - transfer.points());

        sql::PreparedStatement& insert = db.Prepare(
            "INSERT INTO transfers (transfer_id, from_member_id, to_kind, to_owner_id, points,"
            " posting_sequence, transfer_day, transfer_time_us, daily_points_left, caller,"
            " request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        const bool to_household = !transfer.to_household_id().empty();
        insert.setString(1, result.transfer_id());
        insert.setString(2, result.from_member_id());
        insert.setInt(3, to_household ? v1::HOUSEHOLD : v1::MEMBER);
        insert.setString(4, to_household ? result.to_household_id() : result.to_member_id());
        insert.setInt64(5, result.points());
        insert.setInt64(6, result.posting_sequence());
        insert.setInt64(7, day);
        insert.setInt64(8, ProtoTimeToMicros(result.transfer_time()));
        insert.setInt64(9, result.daily_points_left());
        mariadb::BindRequestKey(insert, 10, key);
        insert.executeUpdate();
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return result;
}

}  // namespace coalition::account
