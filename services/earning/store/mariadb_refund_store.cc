#include "services/earning/store/mariadb_refund_store.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::earning {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

ClaimedRefund RefundFromRow(sql::ResultSet& row) {
  ClaimedRefund claimed{{}, row.getInt("reversal_decision")};
  v1::Refund& refund = claimed.refund;
  refund.set_refund_id(GetString(row, "refund_id"));
  refund.set_purchase_id(GetString(row, "purchase_id"));
  refund.set_partner_id(GetString(row, "partner_id"));
  refund.set_member_id(GetString(row, "member_id"));
  refund.set_partner_refund_id(GetString(row, "partner_refund_id"));
  refund.set_amount_minor(row.getInt64("amount_minor"));
  refund.set_points_due(row.getInt64("points_due"));
  refund.set_points_reversed(row.getInt64("points_reversed"));
  *refund.mutable_refund_time() = MicrosToProtoTime(row.getInt64("refund_time_us"));
  return claimed;
}

constexpr char kRefundColumns[] =
    "refund_id, purchase_id, partner_id, member_id, partner_refund_id, amount_minor, points_due,"
    " points_reversed, refund_time_us, request_fingerprint, reversal_decision";

// The refund this request claimed before, or ALREADY_EXISTS if its id or the partner's refund
// id belongs to something else.
absl::StatusOr<std::optional<ClaimedRefund>> Earlier(Connection& db, const RequestKey& key,
                                                  const std::string& partner_id,
                                                  const std::string& partner_refund_id) {
  sql::PreparedStatement& by_request = db.Prepare(
      absl::StrCat("SELECT ", kRefundColumns, " FROM refunds WHERE caller = ? AND request_id = ?"));
  by_request.setString(1, key.caller);
  by_request.setString(2, key.request_id);
  if (auto rows = Query(by_request); rows->next()) {
    RETURN_IF_ERROR(CheckSameRequest(GetString(*rows, "request_fingerprint"), key));
    return RefundFromRow(*rows);
  }
  sql::PreparedStatement& by_partner =
      db.Prepare("SELECT refund_id FROM refunds WHERE partner_id = ? AND partner_refund_id = ?");
  by_partner.setString(1, partner_id);
  by_partner.setString(2, partner_refund_id);
  if (auto rows = Query(by_partner); rows->next()) {
    return absl::AlreadyExistsError(absl::StrCat("partner_refund_id: '", partner_refund_id,
                                                 "' was already refunded as ",
                                                 GetString(*rows, "refund_id")));
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<ClaimedRefund> MariaDbRefundStore::Claim(const RequestKey& key,
                                                     const std::string& partner_id,
                                                     const std::string& partner_transaction_id,
                                                     const std::string& partner_refund_id,
                                                     const Decide& decide) {
  ClaimedRefund result;
  absl::Status status =
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        // The purchase's lock first, then the earlier refunds: a request that waited on the lock
        // finds the refund made meanwhile under its key or its partner_refund_id, instead of
        // deciding again from what that refund left.
        sql::PreparedStatement& lock = db.Prepare(
            "SELECT purchase_id, member_id, amount_minor, points_earned, state FROM purchases"
            " WHERE partner_id = ? AND partner_transaction_id = ? FOR UPDATE");
        lock.setString(1, partner_id);
        lock.setString(2, partner_transaction_id);
        auto rows = Query(lock);
        if (!rows->next()) {
          return absl::NotFoundError(absl::StrCat("partner_transaction_id: partner '", partner_id,
                                                  "' has no purchase '", partner_transaction_id,
                                                  "'"));
        }
        v1::Purchase purchase;
        purchase.set_purchase_id(GetString(*rows, "purchase_id"));
        purchase.set_partner_id(partner_id);
        purchase.set_partner_transaction_id(partner_transaction_id);
        purchase.set_member_id(GetString(*rows, "member_id"));
        purchase.set_amount_minor(rows->getInt64("amount_minor"));
        purchase.set_points_earned(rows->getInt64("points_earned"));
        purchase.set_state(static_cast<v1::Purchase::State>(rows->getInt("state")));
        ASSIGN_OR_RETURN(std::optional<ClaimedRefund> earlier,
                         Earlier(db, key, partner_id, partner_refund_id));
        if (earlier) {
          result = *std::move(earlier);
          return absl::OkStatus();
        }
        sql::PreparedStatement& so_far = db.Prepare(
            "SELECT COALESCE(SUM(amount_minor), 0) AS amount, COALESCE(SUM(points_due), 0) AS due"
            " FROM refunds WHERE purchase_id = ?");
        so_far.setString(1, purchase.purchase_id());
        auto sums = Query(so_far);
        sums->next();
        ASSIGN_OR_RETURN(result.refund,
                         decide(purchase, {sums->getInt64("amount"), sums->getInt64("due")}));
        const v1::Refund& refund = result.refund;
        sql::PreparedStatement& insert = db.Prepare(
            "INSERT INTO refunds (refund_id, purchase_id, partner_id, partner_refund_id,"
            " member_id, amount_minor, points_due, points_reversed, refund_time_us, caller,"
            " request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, refund.refund_id());
        insert.setString(2, refund.purchase_id());
        insert.setString(3, refund.partner_id());
        insert.setString(4, refund.partner_refund_id());
        insert.setString(5, refund.member_id());
        insert.setInt64(6, refund.amount_minor());
        insert.setInt64(7, refund.points_due());
        insert.setInt64(8, refund.points_reversed());
        insert.setInt64(9, ProtoTimeToMicros(refund.refund_time()));
        mariadb::BindRequestKey(insert, 10, key);
        insert.executeUpdate();
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<ClaimedRefund> MariaDbRefundStore::Redecide(const std::string& refund_id,
                                                           int decision,
                                                           int64_t points_reversed) {
  ClaimedRefund result;
  RETURN_IF_ERROR(pool_.InTransaction([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& redecide = db.Prepare(
        "UPDATE refunds SET points_reversed = ?, reversal_decision = reversal_decision + 1"
        " WHERE refund_id = ? AND reversal_decision = ?");
    redecide.setInt64(1, points_reversed);
    redecide.setString(2, refund_id);
    redecide.setInt(3, decision);
    redecide.executeUpdate();
    sql::PreparedStatement& read =
        db.Prepare(absl::StrCat("SELECT ", kRefundColumns, " FROM refunds WHERE refund_id = ?"));
    read.setString(1, refund_id);
    auto rows = Query(read);
    if (!rows->next()) return absl::NotFoundError(absl::StrCat("refund '", refund_id, "' vanished"));
    result = RefundFromRow(*rows);
    return absl::OkStatus();
  }));
  return result;
}

absl::Status MariaDbRefundStore::Withdraw(const std::string& refund_id) {
  return pool_.WithConnection([&](Connection& db) {
    sql::PreparedStatement& remove = db.Prepare("DELETE FROM refunds WHERE refund_id = ?");
    remove.setString(1, refund_id);
    remove.executeUpdate();
    return absl::OkStatus();
  });
}

}  // namespace coalition::earning
