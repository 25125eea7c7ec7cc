#include "services/redemption/store/mariadb_redemption_store.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "services/common/caller.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/redemption/reimbursement.h"

namespace coalition::redemption {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

constexpr char kRedemptionColumns[] =
    "redemption_id, partner_id, member_id, household_id, points, posting_sequence,"
    " redeem_time_us, request_fingerprint, reimburse_minor, reimburse_currency,"
    " price_amount_minor, price_per_points, refunded_points";
constexpr char kHoldColumns[] =
    "hold_id, partner_id, member_id, points, state, captured_points, create_time_us,"
    " close_time_us, request_fingerprint, close_caller, close_request_id, close_fingerprint,"
    " expire_time_us, reimburse_minor, reimburse_currency, price_amount_minor, price_per_points,"
    " refunded_points, closing_state, closing_points";

v1::Reimbursement ReimbursementFromRow(sql::ResultSet& row) {
  v1::Reimbursement owed;
  owed.set_amount_minor(row.getInt64("reimburse_minor"));
  owed.set_currency(GetString(row, "reimburse_currency"));
  owed.set_price_amount_minor(row.getInt64("price_amount_minor"));
  owed.set_price_per_points(row.getInt64("price_per_points"));
  return owed;
}

// Sets the four reimbursement columns from `first` on.
void SetReimbursement(sql::PreparedStatement& statement, unsigned int first,
                      const v1::Reimbursement& owed) {
  statement.setInt64(first, owed.amount_minor());
  statement.setString(first + 1, owed.currency());
  statement.setInt64(first + 2, owed.price_amount_minor());
  statement.setInt64(first + 3, std::max<int64_t>(1, owed.price_per_points()));
}

v1::Redemption RedemptionFromRow(sql::ResultSet& row) {
  v1::Redemption redemption;
  redemption.set_redemption_id(GetString(row, "redemption_id"));
  redemption.set_partner_id(GetString(row, "partner_id"));
  redemption.set_member_id(GetString(row, "member_id"));
  redemption.set_household_id(GetString(row, "household_id"));
  redemption.set_points(row.getInt64("points"));
  redemption.set_posting_sequence(row.getInt64("posting_sequence"));
  *redemption.mutable_redeem_time() = MicrosToProtoTime(row.getInt64("redeem_time_us"));
  *redemption.mutable_reimbursement() = ReimbursementFromRow(row);
  redemption.set_refunded_points(row.getInt64("refunded_points"));
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
  hold.set_refunded_points(row.getInt64("refunded_points"));
  if (hold.state() == v1::Hold::CAPTURED) *hold.mutable_reimbursement() = ReimbursementFromRow(row);
  *hold.mutable_create_time() = MicrosToProtoTime(row.getInt64("create_time_us"));
  if (!row.isNull("expire_time_us")) {
    *hold.mutable_expire_time() = MicrosToProtoTime(row.getInt64("expire_time_us"));
  }
  if (!row.isNull("close_time_us")) {
    *hold.mutable_close_time() = MicrosToProtoTime(row.getInt64("close_time_us"));
  }
  if (!row.isNull("close_caller")) {
    stored.closed_by =
        RequestKey{GetString(row, "close_caller"), GetString(row, "close_request_id"),
                   GetString(row, "close_fingerprint")};
  }
  if (hold.state() == v1::Hold::HELD && !row.isNull("closing_state")) {
    v1::Hold& closing = stored.closing.emplace(hold);
    closing.set_state(static_cast<v1::Hold::State>(row.getInt("closing_state")));
    closing.set_captured_points(row.getInt64("closing_points"));
    if (closing.state() == v1::Hold::CAPTURED) {
      *closing.mutable_reimbursement() = ReimbursementFromRow(row);
    }
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
  RETURN_IF_ERROR(CheckSameRequest(GetString(*rows, "request_fingerprint"), key));
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
            " partner_id, member_id, points, posting_sequence, redeem_time_us, household_id,"
            " reimburse_minor, reimburse_currency, price_amount_minor, price_per_points)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, redemption.redemption_id());
        mariadb::BindRequestKey(insert, 2, key);
        insert.setString(5, redemption.partner_id());
        insert.setString(6, redemption.member_id());
        insert.setInt64(7, redemption.points());
        insert.setInt64(8, redemption.posting_sequence());
        insert.setInt64(9, ProtoTimeToMicros(redemption.redeem_time()));
        insert.setString(10, redemption.household_id());
        SetReimbursement(insert, 11, redemption.reimbursement());
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
        mariadb::BindRequestKey(insert, 2, key);
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

namespace {

absl::StatusOr<RedemptionStore::StoredHold> HoldIn(Connection& db, const std::string& hold_id) {
  sql::PreparedStatement& find =
      db.Prepare(absl::StrCat("SELECT ", kHoldColumns, " FROM holds WHERE hold_id = ?"));
  find.setString(1, hold_id);
  auto rows = Query(find);
  if (!rows->next()) return absl::NotFoundError(absl::StrCat("hold_id: no hold '", hold_id, "'"));
  return HoldFromRow(*rows);
}

}  // namespace

absl::StatusOr<RedemptionStore::StoredHold> MariaDbRedemptionStore::GetHold(
    const std::string& hold_id) {
  absl::StatusOr<StoredHold> result;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    result = HoldIn(db, hold_id);
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<RedemptionStore::StoredHold> MariaDbRedemptionStore::ClaimClose(
    const RequestKey& key, const v1::Hold& closing, absl::Time now) {
  absl::StatusOr<StoredHold> result;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& claim = db.Prepare(
        "UPDATE holds SET closing_state = ?, closing_points = ?, closing_since_us = ?,"
        " close_caller = ?, close_request_id = ?, close_fingerprint = ?, reimburse_minor = ?,"
        " reimburse_currency = ?, price_amount_minor = ?, price_per_points = ?"
        " WHERE hold_id = ? AND state = ? AND closing_state IS NULL");
    claim.setInt(1, closing.state());
    claim.setInt64(2, closing.captured_points());
    claim.setInt64(3, absl::ToUnixMicros(now));
    mariadb::BindRequestKey(claim, 4, key);
    SetReimbursement(claim, 7, closing.reimbursement());
    claim.setString(11, closing.hold_id());
    claim.setInt(12, v1::Hold::HELD);
    claim.executeUpdate();
    result = HoldIn(db, closing.hold_id());
    return absl::OkStatus();
  }));
  return result;
}

absl::Status MariaDbRedemptionStore::DropClaim(const std::string& hold_id, const RequestKey& key) {
  return pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& drop = db.Prepare(
        "UPDATE holds SET closing_state = NULL, closing_points = NULL, closing_since_us = NULL,"
        " close_caller = NULL, close_request_id = NULL, close_fingerprint = NULL"
        " WHERE hold_id = ? AND state = ? AND close_caller = ? AND close_request_id = ?");
    drop.setString(1, hold_id);
    drop.setInt(2, v1::Hold::HELD);
    drop.setString(3, key.caller);
    drop.setString(4, key.request_id);
    drop.executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<std::string>> MariaDbRedemptionStore::InterruptedCloses(
    absl::Time before, int limit) {
  std::vector<std::string> holds;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& find = db.Prepare(
        "SELECT hold_id FROM holds WHERE closing_since_us <= ? AND state = ?"
        " ORDER BY closing_since_us LIMIT ?");
    find.setInt64(1, absl::ToUnixMicros(before));
    find.setInt(2, v1::Hold::HELD);
    find.setInt(3, limit);
    for (auto rows = Query(find); rows->next();) holds.push_back(GetString(*rows, "hold_id"));
    return absl::OkStatus();
  }));
  return holds;
}

absl::StatusOr<bool> MariaDbRedemptionStore::CloseHold(const RequestKey& key,
                                                       const v1::Hold& closed) {
  bool closed_now = false;
  RETURN_IF_ERROR(pool_.InTransaction([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& close = db.Prepare(
        "UPDATE holds SET state = ?, captured_points = ?, close_time_us = ?,"
        " closing_state = NULL, closing_points = NULL, closing_since_us = NULL"
        " WHERE hold_id = ? AND state = ? AND close_caller = ? AND close_request_id = ?");
    close.setInt(1, closed.state());
    close.setInt64(2, closed.captured_points());
    close.setInt64(3, ProtoTimeToMicros(closed.close_time()));
    close.setString(4, closed.hold_id());
    close.setInt(5, v1::Hold::HELD);
    close.setString(6, key.caller);
    close.setString(7, key.request_id);
    closed_now = close.executeUpdate() == 1;
    if (!closed_now) return absl::OkStatus();
    // Only what was captured counts towards the member's spending limits (the spend controls'
    // row, mariadb_spend_controls.h): settled in the close's own transaction, so a crash between
    // the two can never leave a voided hold counting.
    sql::PreparedStatement& settle =
        db.Prepare("UPDATE member_spending SET points = ? WHERE spending_id = ?");
    settle.setInt64(1, closed.captured_points());
    settle.setString(2, closed.hold_id());
    settle.executeUpdate();
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

namespace {

constexpr char kRefundColumns[] =
    "refund_id, spending_id, partner_id, member_id, points, refunded_points, reimburse_minor,"
    " reimburse_currency, posting_sequence, refund_time_us, request_fingerprint, household_id";

v1::RedemptionRefund RefundFromRow(sql::ResultSet& row, bool of_hold) {
  v1::RedemptionRefund refund;
  refund.set_refund_id(GetString(row, "refund_id"));
  if (of_hold) {
    refund.set_hold_id(GetString(row, "spending_id"));
  } else {
    refund.set_redemption_id(GetString(row, "spending_id"));
  }
  refund.set_partner_id(GetString(row, "partner_id"));
  refund.set_member_id(GetString(row, "member_id"));
  refund.set_household_id(GetString(row, "household_id"));
  refund.set_points(row.getInt64("points"));
  refund.set_refunded_points(row.getInt64("refunded_points"));
  refund.set_reimbursement_minor(row.getInt64("reimburse_minor"));
  refund.set_currency(GetString(row, "reimburse_currency"));
  if (!row.isNull("posting_sequence"))
    refund.set_posting_sequence(row.getInt64("posting_sequence"));
  *refund.mutable_refund_time() = MicrosToProtoTime(row.getInt64("refund_time_us"));
  return refund;
}

// The spending a refund returns points of, read under its row lock.
struct LockedSpending {
  std::string partner_id;
  std::string member_id;
  std::string household_id;
  int64_t spent = 0;
  int64_t refunded = 0;
  v1::Reimbursement owed;
};

// Another partner's spending is NOT_FOUND, as one that does not exist: a partner learns nothing
// of its competitors' redemptions, not even that an id is taken.
absl::StatusOr<LockedSpending> LockSpending(Connection& db, bool of_hold,
                                            const std::string& spending_id,
                                            const std::string& caller) {
  sql::PreparedStatement& lock = db.Prepare(absl::StrCat(
      "SELECT partner_id, member_id, ",
      of_hold ? "'' AS household_id, captured_points AS spent,"
                " state"
              : "household_id, points AS spent, 2 AS state",
      ", refunded_points, reimburse_minor, reimburse_currency, price_amount_minor,"
      " price_per_points FROM ",
      of_hold ? "holds WHERE hold_id" : "redemptions WHERE redemption_id", " = ? FOR UPDATE"));
  lock.setString(1, spending_id);
  auto rows = Query(lock);
  const char* field = of_hold ? "hold_id" : "redemption_id";
  if (!rows->next() || !ActsFor(caller, GetString(*rows, "partner_id"))) {
    return absl::NotFoundError(
        absl::StrCat(field, ": no ", of_hold ? "hold '" : "redemption '", spending_id, "'"));
  }
  if (rows->getInt("state") != v1::Hold::CAPTURED) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": hold '", spending_id, "' was not captured, so nothing was spent"));
  }
  return LockedSpending{GetString(*rows, "partner_id"),    GetString(*rows, "member_id"),
                        GetString(*rows, "household_id"),  rows->getInt64("spent"),
                        rows->getInt64("refunded_points"), ReimbursementFromRow(*rows)};
}

}  // namespace

absl::StatusOr<v1::RedemptionRefund> MariaDbRedemptionStore::ReserveRefund(
    const RequestKey& key, const RefundDraft& draft) {
  v1::RedemptionRefund result;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        // The spending's lock first, then the earlier refund: a copy of this request that
        // waited on the lock finds the refund the first copy made, instead of deciding again from
        // what that refund left.
        ASSIGN_OR_RETURN(const LockedSpending spending,
                         LockSpending(db, draft.of_hold, draft.spending_id, key.caller));
        ASSIGN_OR_RETURN(auto row, RowByRequest(db, kRefundColumns, "redemption_refunds", key));
        if (row != nullptr) {
          result = RefundFromRow(*row, draft.of_hold);
          return absl::OkStatus();
        }
        const int64_t left = spending.spent - spending.refunded;
        if (left == 0) {
          return absl::FailedPreconditionError(absl::StrCat(
              "all ", spending.spent, " points of '", draft.spending_id, "' are refunded already"));
        }
        const int64_t points = draft.points == 0 ? left : draft.points;
        if (points > left) {
          return absl::FailedPreconditionError(
              absl::StrCat("points: ", points, " is more than the ", left, " of '",
                           draft.spending_id, "' not refunded yet (", spending.spent, " spent)"));
        }
        // Priced as the difference of the refunded totals, so all refunds together give back
        // exactly what the spending was owed, however the rounding falls on each.
        ASSIGN_OR_RETURN(const v1::Reimbursement before,
                         AtSamePrice(spending.owed, spending.refunded));
        ASSIGN_OR_RETURN(const v1::Reimbursement after,
                         AtSamePrice(spending.owed, spending.refunded + points));
        const int64_t reimbursed = spending.refunded + points == spending.spent
                                       ? spending.owed.amount_minor() - before.amount_minor()
                                       : after.amount_minor() - before.amount_minor();
        sql::PreparedStatement& count =
            db.Prepare(absl::StrCat("UPDATE ", draft.of_hold ? "holds" : "redemptions",
                                    " SET refunded_points = refunded_points + ? WHERE ",
                                    draft.of_hold ? "hold_id" : "redemption_id", " = ?"));
        count.setInt64(1, points);
        count.setString(2, draft.spending_id);
        count.executeUpdate();
        sql::PreparedStatement& insert = db.Prepare(
            "INSERT INTO redemption_refunds (refund_id, caller, request_id, request_fingerprint,"
            " spending_id, partner_id, member_id, household_id, points, refunded_points,"
            " reimburse_minor, reimburse_currency, reason, refund_time_us)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, draft.refund_id);
        mariadb::BindRequestKey(insert, 2, key);
        insert.setString(5, draft.spending_id);
        insert.setString(6, spending.partner_id);
        insert.setString(7, spending.member_id);
        insert.setString(8, spending.household_id);
        insert.setInt64(9, points);
        insert.setInt64(10, spending.refunded + points);
        insert.setInt64(11, -reimbursed);
        insert.setString(12, spending.owed.currency());
        insert.setString(13, draft.reason);
        insert.setInt64(14, absl::ToUnixMicros(draft.now));
        insert.executeUpdate();
        ASSIGN_OR_RETURN(auto made, RowByRequest(db, kRefundColumns, "redemption_refunds", key));
        result = RefundFromRow(*made, draft.of_hold);
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<std::vector<v1::RedemptionRefund>> MariaDbRedemptionStore::UnpostedRefunds(
    absl::Time before, int limit) {
  std::vector<v1::RedemptionRefund> refunds;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& find = db.Prepare(absl::StrCat(
        "SELECT ", kRefundColumns, " FROM redemption_refunds WHERE posting_sequence IS NULL",
        " AND refund_time_us <= ? ORDER BY refund_time_us LIMIT ?"));
    find.setInt64(1, absl::ToUnixMicros(before));
    find.setInt(2, limit);
    // Which kind of spending it was matters only to the answer, not to the posting.
    for (auto rows = Query(find); rows->next();) refunds.push_back(RefundFromRow(*rows, false));
    return absl::OkStatus();
  }));
  return refunds;
}

absl::Status MariaDbRedemptionStore::MarkRefundPosted(const std::string& refund_id,
                                                      int64_t posting_sequence) {
  return pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& mark =
        db.Prepare("UPDATE redemption_refunds SET posting_sequence = ? WHERE refund_id = ?");
    mark.setInt64(1, posting_sequence);
    mark.setString(2, refund_id);
    mark.executeUpdate();
    return absl::OkStatus();
  });
}

absl::Status MariaDbRedemptionStore::CancelRefund(const std::string& refund_id) {
  return pool_.InTransaction([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& find = db.Prepare(
        "SELECT spending_id, points FROM redemption_refunds WHERE refund_id = ?"
        " AND posting_sequence IS NULL FOR UPDATE");
    find.setString(1, refund_id);
    auto rows = Query(find);
    if (!rows->next()) return absl::OkStatus();
    const std::string spending_id = GetString(*rows, "spending_id");
    for (const char* table : {"holds SET refunded_points = refunded_points - ? WHERE hold_id",
                              "redemptions SET refunded_points = refunded_points - ? WHERE"
                              " redemption_id"}) {
      sql::PreparedStatement& uncount = db.Prepare(absl::StrCat("UPDATE ", table, " = ?"));
      uncount.setInt64(1, rows->getInt64("points"));
      uncount.setString(2, spending_id);
      uncount.executeUpdate();
    }
    sql::PreparedStatement& remove =
        db.Prepare("DELETE FROM redemption_refunds WHERE refund_id = ?");
    remove.setString(1, refund_id);
    remove.executeUpdate();
    return absl::OkStatus();
  });
}

}  // namespace coalition::redemption
