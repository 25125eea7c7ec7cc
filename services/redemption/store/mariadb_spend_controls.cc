#include "services/redemption/store/mariadb_spend_controls.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/redemption/spend_limits.h"

namespace coalition::redemption {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

v1::PartnerRedemptions SwitchFromRow(sql::ResultSet& row) {
  v1::PartnerRedemptions state;
  state.set_partner_id(GetString(row, "partner_id"));
  state.set_enabled(row.getInt("enabled") != 0);
  state.set_reason(GetString(row, "reason"));
  *state.mutable_change_time() = MicrosToProtoTime(row.getInt64("change_time_us"));
  return state;
}

constexpr char kSwitchColumns[] = "SELECT partner_id, enabled, reason, change_time_us FROM";

// The partner's latest switch change; none means spending is on.
std::optional<v1::PartnerRedemptions> SwitchIn(Connection& db, const std::string& partner_id) {
  sql::PreparedStatement& find = db.Prepare(absl::StrCat(
      kSwitchColumns, " partner_switch_changes WHERE partner_id = ? ORDER BY id DESC LIMIT 1"));
  find.setString(1, partner_id);
  auto rows = Query(find);
  if (!rows->next()) return std::nullopt;
  return SwitchFromRow(*rows);
}

// The limits in force, or (with an id) as a given change set them.
v1::BurnLimits LimitsIn(Connection& db, int64_t id = 0) {
  sql::PreparedStatement& find = db.Prepare(absl::StrCat(
      "SELECT daily_points, redemptions_per_minute, change_time_us FROM burn_limit_changes",
      id == 0 ? " WHERE id > ?" : " WHERE id = ?", " ORDER BY id DESC LIMIT 1"));
  find.setInt64(1, id);
  auto rows = Query(find);
  v1::BurnLimits limits;
  if (!rows->next()) return limits;
  limits.set_daily_points(rows->getInt64("daily_points"));
  limits.set_redemptions_per_minute(rows->getInt("redemptions_per_minute"));
  *limits.mutable_change_time() = MicrosToProtoTime(rows->getInt64("change_time_us"));
  return limits;
}

int64_t LastInsertId(Connection& db) {
  auto rows = Query(db.Prepare("SELECT LAST_INSERT_ID() AS id"));
  rows->next();
  return rows->getInt64("id");
}

void RecordRefusal(Connection& db, const RequestKey& key, const Spending& spending,
                   const std::string& control, const absl::Status& refusal, absl::Time now) {
  sql::PreparedStatement& insert = db.Prepare(
      "INSERT INTO burn_refusals (member_id, partner_id, points, control, message, caller,"
      " request_id, refuse_time_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.setString(1, spending.member_id);
  insert.setString(2, spending.partner_id);
  insert.setInt64(3, spending.points);
  insert.setString(4, control);
  insert.setString(5, std::string(refusal.message().substr(0, 512)));
  insert.setString(6, key.caller);
  insert.setString(7, key.request_id);
  insert.setInt64(8, absl::ToUnixMicros(now));
  insert.executeUpdate();
}

// PERMISSION_DENIED if the partner's switch is off.
absl::Status SwitchRefusal(Connection& db, const std::string& partner_id) {
  const std::optional<v1::PartnerRedemptions> state = SwitchIn(db, partner_id);
  if (!state || state->enabled()) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("partner_id: spending at partner '", partner_id,
                                                  "' is switched off: ", state->reason()));
}

bool AlreadyAdmitted(Connection& db, const std::string& spending_id) {
  sql::PreparedStatement& find = db.Prepare("SELECT 1 FROM member_spending WHERE spending_id = ?");
  find.setString(1, spending_id);
  return Query(find)->next();
}

// Locks the member's row; false if it has none yet. READ COMMITTED takes no gap locks, so an
// existing row is what serialises the member's concurrent spending.
bool LockMember(Connection& db, const std::string& member_id) {
  sql::PreparedStatement& lock =
      db.Prepare("SELECT member_id FROM member_spend_locks WHERE member_id = ? FOR UPDATE");
  lock.setString(1, member_id);
  return Query(lock)->next();
}

// Made outside the locking transaction: an INSERT IGNORE that meets an existing row takes a
// shared lock, and two of those then both waiting for the exclusive one deadlock.
absl::Status MakeMemberLock(mariadb::ConnectionPool& pool, const std::string& member_id) {
  return pool.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& make =
        db.Prepare("INSERT IGNORE INTO member_spend_locks (member_id) VALUES (?)");
    make.setString(1, member_id);
    make.executeUpdate();
    return absl::OkStatus();
  });
}

RecentSpending RecentIn(Connection& db, const std::string& member_id, absl::Time now) {
  sql::PreparedStatement& sum = db.Prepare(
      "SELECT COALESCE(SUM(CASE WHEN spend_time_us >= ? THEN points ELSE 0 END), 0) AS today,"
      " COALESCE(SUM(CASE WHEN spend_time_us > ? THEN 1 ELSE 0 END), 0) AS last_minute"
      " FROM member_spending WHERE member_id = ? AND spend_time_us >= ?");
  const int64_t day_start = absl::ToUnixMicros(StartOfUtcDay(now));
  const int64_t minute_ago = absl::ToUnixMicros(now - kVelocityWindow);
  sum.setInt64(1, day_start);
  sum.setInt64(2, minute_ago);
  sum.setString(3, member_id);
  sum.setInt64(4, std::min(day_start, minute_ago));
  auto rows = Query(sum);
  rows->next();
  return {rows->getInt64("today"), static_cast<int>(rows->getInt64("last_minute"))};
}

}  // namespace

absl::Status MariaDbSpendControls::Admit(const RequestKey& key, const Spending& spending,
                                         absl::Time now) {
  absl::Status refusal;
  bool no_lock_row = false;
  const auto admit = [&](Connection& db) -> absl::Status {
    refusal = absl::OkStatus();
    no_lock_row = false;
    if (!LockMember(db, spending.member_id)) {
      no_lock_row = true;
      return absl::OkStatus();
    }
    // Checked under the lock, so concurrent retries of one spending record it once.
    if (AlreadyAdmitted(db, spending.spending_id)) return absl::OkStatus();
    std::string control = "kill switch";
    refusal = SwitchRefusal(db, spending.partner_id);
    if (refusal.ok()) {
      refusal = CheckLimits(LimitsIn(db), RecentIn(db, spending.member_id, now), spending.points,
                            &control);
    }
    if (!refusal.ok()) {
      RecordRefusal(db, key, spending, control, refusal, now);
      return absl::OkStatus();  // the refusal is kept: commit
    }
    sql::PreparedStatement& insert = db.Prepare(
        "INSERT INTO member_spending (spending_id, member_id, partner_id, points, spend_time_us)"
        " VALUES (?, ?, ?, ?, ?)");
    insert.setString(1, spending.spending_id);
    insert.setString(2, spending.member_id);
    insert.setString(3, spending.partner_id);
    insert.setInt64(4, spending.points);
    insert.setInt64(5, absl::ToUnixMicros(now));
    insert.executeUpdate();
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(pool_.InTransaction(admit));
  if (no_lock_row) {  // the member's first spending
    RETURN_IF_ERROR(MakeMemberLock(pool_, spending.member_id));
    RETURN_IF_ERROR(pool_.InTransaction(admit));
  }
  return refusal;
}

absl::Status MariaDbSpendControls::RefuseIfSwitchedOff(const RequestKey& key,
                                                       const Spending& spending, absl::Time now) {
  absl::Status refusal;
  RETURN_IF_ERROR(pool_.InTransaction([&](Connection& db) -> absl::Status {
    refusal = SwitchRefusal(db, spending.partner_id);
    if (!refusal.ok()) RecordRefusal(db, key, spending, "kill switch", refusal, now);
    return absl::OkStatus();
  }));
  return refusal;
}

absl::Status MariaDbSpendControls::Forget(const std::string& spending_id) {
  return pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& remove =
        db.Prepare("DELETE FROM member_spending WHERE spending_id = ?");
    remove.setString(1, spending_id);
    remove.executeUpdate();
    return absl::OkStatus();
  });
}

absl::Status MariaDbSpendControls::Prune(absl::Time before) {
  return pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& prune =
        db.Prepare("DELETE FROM member_spending WHERE spend_time_us < ? LIMIT 10000");
    prune.setInt64(1, absl::ToUnixMicros(before));
    prune.executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::PartnerRedemptions> MariaDbSpendControls::SetSwitch(
    const RequestKey& key, const v1::SetPartnerRedemptionsRequest& request, absl::Time now) {
  v1::PartnerRedemptions result;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mariadb::EarlierRequestId(db, "partner_switch_changes", "id", key));
        int64_t id = earlier ? std::stoll(*earlier) : 0;
        if (!earlier) {
          sql::PreparedStatement& insert = db.Prepare(
              "INSERT INTO partner_switch_changes (partner_id, enabled, reason, change_time_us,"
              " caller, request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)");
          insert.setString(1, request.partner_id());
          insert.setInt(2, request.enabled() ? 1 : 0);
          insert.setString(3, request.reason());
          insert.setInt64(4, absl::ToUnixMicros(now));
          mariadb::BindRequestKey(insert, 5, key);
          insert.executeUpdate();
          id = LastInsertId(db);
        }
        sql::PreparedStatement& find =
            db.Prepare(absl::StrCat(kSwitchColumns, " partner_switch_changes WHERE id = ?"));
        find.setInt64(1, id);
        auto rows = Query(find);
        rows->next();
        result = SwitchFromRow(*rows);
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<v1::BurnLimits> MariaDbSpendControls::SetLimits(const RequestKey& key,
                                                               const v1::BurnLimits& limits,
                                                               absl::Time now) {
  v1::BurnLimits result;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mariadb::EarlierRequestId(db, "burn_limit_changes", "id", key));
        int64_t id = earlier ? std::stoll(*earlier) : 0;
        if (!earlier) {
          sql::PreparedStatement& insert = db.Prepare(
              "INSERT INTO burn_limit_changes (daily_points, redemptions_per_minute,"
              " change_time_us, caller, request_id, request_fingerprint)"
              " VALUES (?, ?, ?, ?, ?, ?)");
          insert.setInt64(1, limits.daily_points());
          insert.setInt(2, limits.redemptions_per_minute());
          insert.setInt64(3, absl::ToUnixMicros(now));
          mariadb::BindRequestKey(insert, 4, key);
          insert.executeUpdate();
          id = LastInsertId(db);
        }
        result = LimitsIn(db, id);
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<v1::BurnLimits> MariaDbSpendControls::Limits() {
  v1::BurnLimits result;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    result = LimitsIn(db);
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<std::vector<v1::BurnRefusal>> MariaDbSpendControls::Refusals(
    const std::string& member_id, const std::string& partner_id, int limit) {
  std::vector<v1::BurnRefusal> refusals;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    const bool by_member = !member_id.empty();
    sql::PreparedStatement& find = db.Prepare(
        absl::StrCat("SELECT member_id, partner_id, points, control, message, caller, request_id,"
                     " refuse_time_us FROM burn_refusals WHERE ",
                     by_member ? "member_id" : "partner_id", " = ? ORDER BY id DESC LIMIT ?"));
    find.setString(1, by_member ? member_id : partner_id);
    find.setInt(2, limit);
    for (auto rows = Query(find); rows->next();) {
      v1::BurnRefusal& refusal = refusals.emplace_back();
      refusal.set_member_id(GetString(*rows, "member_id"));
      refusal.set_partner_id(GetString(*rows, "partner_id"));
      refusal.set_points(rows->getInt64("points"));
      refusal.set_control(GetString(*rows, "control"));
      refusal.set_message(GetString(*rows, "message"));
      refusal.set_caller(GetString(*rows, "caller"));
      refusal.set_request_id(GetString(*rows, "request_id"));
      *refusal.mutable_refuse_time() = MicrosToProtoTime(rows->getInt64("refuse_time_us"));
    }
    return absl::OkStatus();
  }));
  return refusals;
}

}  // namespace coalition::redemption
