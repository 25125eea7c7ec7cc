#include "services/earning/mariadb_purchase_store.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::earning {
namespace {

using mariadb::Connection;
using mariadb::GetString;

constexpr char kColumns[] =
    "purchase_id, partner_id, member_id, amount_minor, currency, category,"
    " partner_transaction_id, points_earned, posting_sequence, record_time_us,"
    " request_fingerprint";

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
  purchase.set_posting_sequence(row.getInt64("posting_sequence"));
  *purchase.mutable_record_time() = MicrosToProtoTime(row.getInt64("record_time_us"));
  return purchase;
}

absl::StatusOr<std::optional<v1::Purchase>> ReadByRequest(Connection& db, const RequestKey& key) {
  sql::PreparedStatement& find = db.Prepare(
      absl::StrCat("SELECT ", kColumns, " FROM purchases WHERE caller = ? AND request_id = ?"));
  find.setString(1, key.caller);
  find.setString(2, key.request_id);
  std::unique_ptr<sql::ResultSet> rows(find.executeQuery());
  if (!rows->next()) return std::nullopt;
  if (GetString(*rows, "request_fingerprint") != key.fingerprint) {
    return RequestIdReused(key);
  }
  return FromRow(*rows);
}

absl::StatusOr<std::optional<v1::Purchase>> ReadByPartnerTransaction(
    Connection& db, const std::string& partner_id, const std::string& partner_transaction_id) {
  sql::PreparedStatement& find = db.Prepare(absl::StrCat(
      "SELECT ", kColumns, " FROM purchases WHERE partner_id = ? AND partner_transaction_id = ?"));
  find.setString(1, partner_id);
  find.setString(2, partner_transaction_id);
  std::unique_ptr<sql::ResultSet> rows(find.executeQuery());
  if (!rows->next()) return std::nullopt;
  return FromRow(*rows);
}

}  // namespace

absl::StatusOr<std::optional<v1::Purchase>> MariaDbPurchaseStore::FindByRequest(
    const RequestKey& key) {
  absl::StatusOr<std::optional<v1::Purchase>> found;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) {
    found = ReadByRequest(db, key);
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<std::optional<v1::Purchase>> MariaDbPurchaseStore::FindByPartnerTransaction(
    const std::string& partner_id, const std::string& partner_transaction_id) {
  absl::StatusOr<std::optional<v1::Purchase>> found;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) {
    found = ReadByPartnerTransaction(db, partner_id, partner_transaction_id);
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<v1::Purchase> MariaDbPurchaseStore::Insert(const RequestKey& key,
                                                          const v1::Purchase& purchase) {
  v1::Purchase result;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<v1::Purchase> earlier, ReadByRequest(db, key));
        if (earlier) {
          result = *std::move(earlier);
          return absl::OkStatus();
        }
        ASSIGN_OR_RETURN(
            std::optional<v1::Purchase> same_transaction,
            ReadByPartnerTransaction(db, purchase.partner_id(), purchase.partner_transaction_id()));
        if (same_transaction) {
          return absl::AlreadyExistsError(
              absl::StrCat("partner_transaction_id: '", purchase.partner_transaction_id(),
                           "' was already recorded as purchase ", same_transaction->purchase_id()));
        }
        sql::PreparedStatement& insert = db.Prepare(
            "INSERT INTO purchases (purchase_id, caller, request_id, request_fingerprint,"
            " partner_id, partner_transaction_id, member_id, amount_minor, currency, category,"
            " points_earned, posting_sequence, record_time_us)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
        insert.setInt64(12, purchase.posting_sequence());
        insert.setInt64(13, ProtoTimeToMicros(purchase.record_time()));
        insert.executeUpdate();
        result = purchase;
        return absl::OkStatus();
      }));
  return result;
}

}  // namespace coalition::earning
