#include "services/earning/mariadb_purchase_store.h"

#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "services/common/mariadb/sql_error.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::earning {
namespace {

using mariadb::Connection;
using mariadb::GetString;

constexpr char kColumns[] =
    "purchase_id, partner_id, member_id, amount_minor, currency, category,"
    " partner_transaction_id, points_earned, record_time_us, request_fingerprint";

v1::Purchase FromRow(sql::ResultSet& row) {
  v1::Purchase purchase;
  purchase.set_purchase_id(GetString(row, "purchase_id"));
  purchase.set_partner_id(GetString(row, "partner_id"));
  purchase.set_member_id(GetString(row, "member_id"));
  purchase.set_amount_minor(row.getInt64("amount_minor"));
  purchase.set_currency(GetString(row, "currency"));
  purchase.set_category(GetString(row, "category"));
  purchase.set_partner_transaction_id(GetString(row, "partner_transaction_id"));
  purchase.set_points_earned(row.getInt64("points_earned"));
  *purchase.mutable_record_time() = MicrosToProtoTime(row.getInt64("record_time_us"));
  return purchase;
}

// After a duplicate key: who holds it, and whether that is this very request.
absl::StatusOr<v1::Purchase> Earlier(Connection& db, const RequestKey& key,
                                     const v1::Purchase& purchase) {
  sql::PreparedStatement& by_request = db.Prepare(
      absl::StrCat("SELECT ", kColumns, " FROM purchases WHERE caller = ? AND request_id = ?"));
  by_request.setString(1, key.caller);
  by_request.setString(2, key.request_id);
  if (auto rows = mariadb::Query(by_request); rows->next()) {
    if (GetString(*rows, "request_fingerprint") != key.fingerprint) return RequestIdReused(key);
    return FromRow(*rows);
  }
  sql::PreparedStatement& by_transaction = db.Prepare(absl::StrCat(
      "SELECT purchase_id FROM purchases WHERE partner_id = ? AND partner_transaction_id = ?"));
  by_transaction.setString(1, purchase.partner_id());
  by_transaction.setString(2, purchase.partner_transaction_id());
  auto rows = mariadb::Query(by_transaction);
  const std::string holder =
      rows->next() ? absl::StrCat(" as purchase ", GetString(*rows, "purchase_id")) : "";
  return absl::AlreadyExistsError(absl::StrCat("partner_transaction_id: '",
                                               purchase.partner_transaction_id(),
                                               "' was already recorded", holder));
}

}  // namespace

absl::StatusOr<v1::Purchase> MariaDbPurchaseStore::Claim(const RequestKey& key,
                                                         const v1::Purchase& purchase) {
  absl::StatusOr<v1::Purchase> result = purchase;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& insert = db.Prepare(
        "INSERT INTO purchases (purchase_id, caller, request_id, request_fingerprint,"
        " partner_id, partner_transaction_id, member_id, amount_minor, currency, category,"
        " points_earned, record_time_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.setString(1, purchase.purchase_id());
    insert.setString(2, key.caller);
    insert.setString(3, key.request_id);
    insert.setString(4, key.fingerprint);
    insert.setString(5, purchase.partner_id());
    insert.setString(6, purchase.partner_transaction_id());
    insert.setString(7, purchase.member_id());
    insert.setInt64(8, purchase.amount_minor());
    insert.setString(9, purchase.currency());
    insert.setString(10, purchase.category());
    insert.setInt64(11, purchase.points_earned());
    insert.setInt64(12, ProtoTimeToMicros(purchase.record_time()));
    try {
      insert.executeUpdate();  // one autocommit statement: the claim
    } catch (const sql::SQLException& e) {
      if (!mariadb::IsDuplicateKey(e)) throw;
      result = Earlier(db, key, purchase);
    }
    return absl::OkStatus();
  }));
  return result;
}

absl::Status MariaDbPurchaseStore::Withdraw(const std::string& purchase_id) {
  return pool_.WithConnection([&](Connection& db) {
    sql::PreparedStatement& remove = db.Prepare("DELETE FROM purchases WHERE purchase_id = ?");
    remove.setString(1, purchase_id);
    remove.executeUpdate();
    return absl::OkStatus();
  });
}

}  // namespace coalition::earning
