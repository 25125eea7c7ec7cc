#include "services/earning/store/mariadb_purchase_store.h"

#include <memory>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "cppconn/exception.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/mariadb/multi_row.h"
#include "services/common/mariadb/sql_error.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::earning {
namespace {

using mariadb::Connection;
using mariadb::GetString;

constexpr char kColumns[] =
    "purchase_id, partner_id, member_id, amount_minor, currency, category,"
    " partner_transaction_id, points_earned, record_time_us, purchase_time_us, breakdown,"
    " state, pending_until_us, settle_time_us, settle_caller, settle_request_id,"
    " settle_fingerprint, corporate_id, corporate_points, request_fingerprint, posting_sequence";

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
  *purchase.mutable_purchase_time() = MicrosToProtoTime(row.getInt64("purchase_time_us"));
  if (!row.isNull("breakdown")) {
    purchase.mutable_breakdown()->ParseFromString(GetString(row, "breakdown"));
  }
  purchase.set_state(static_cast<v1::Purchase::State>(row.getInt("state")));
  if (!row.isNull("pending_until_us")) {
    *purchase.mutable_pending_until() = MicrosToProtoTime(row.getInt64("pending_until_us"));
  }
  if (!row.isNull("settle_time_us")) {
    *purchase.mutable_settle_time() = MicrosToProtoTime(row.getInt64("settle_time_us"));
  }
  if (!row.isNull("corporate_id")) purchase.set_corporate_id(GetString(row, "corporate_id"));
  purchase.set_corporate_points(row.getInt64("corporate_points"));
  purchase.set_posting_sequence(row.getInt64("posting_sequence"));
  return purchase;
}

std::optional<RequestKey> SettledBy(sql::ResultSet& row) {
  if (row.isNull("settle_caller")) return std::nullopt;
  return RequestKey{GetString(row, "settle_caller"), GetString(row, "settle_request_id"),
                    GetString(row, "settle_fingerprint")};
}

// A claim's row: the columns, one row's values, and binding them from parameter `first` on.
constexpr char kInsertColumns[] =
    "(purchase_id, caller, request_id, request_fingerprint, partner_id, partner_transaction_id,"
    " member_id, amount_minor, currency, category, points_earned, record_time_us,"
    " purchase_time_us, breakdown, state, pending_until_us, corporate_id, corporate_points)";
constexpr char kInsertRow[] =
    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, ''), ?)";
constexpr unsigned int kInsertParameters = 18;

void BindPurchase(sql::PreparedStatement& insert, unsigned int first, const RequestKey& key,
                  const v1::Purchase& purchase) {
  const unsigned int at = first - 1;
  insert.setString(at + 1, purchase.purchase_id());
  mariadb::BindRequestKey(insert, at + 2, key);
  insert.setString(at + 5, purchase.partner_id());
  insert.setString(at + 6, purchase.partner_transaction_id());
  insert.setString(at + 7, purchase.member_id());
  insert.setInt64(at + 8, purchase.amount_minor());
  insert.setString(at + 9, purchase.currency());
  insert.setString(at + 10, purchase.category());
  insert.setInt64(at + 11, purchase.points_earned());
  insert.setInt64(at + 12, ProtoTimeToMicros(purchase.record_time()));
  insert.setInt64(at + 13, ProtoTimeToMicros(purchase.purchase_time()));
  insert.setString(at + 14, purchase.breakdown().SerializeAsString());
  insert.setInt(at + 15, purchase.state());
  insert.setInt64(at + 16, ProtoTimeToMicros(purchase.pending_until()));
  insert.setString(at + 17, purchase.corporate_id());
  insert.setInt64(at + 18, purchase.corporate_points());
}

// After a duplicate key: who holds it, and whether that is this very request.
absl::StatusOr<v1::Purchase> Earlier(Connection& db, const RequestKey& key,
                                     const v1::Purchase& purchase) {
  sql::PreparedStatement& by_request = db.Prepare(
      absl::StrCat("SELECT ", kColumns, " FROM purchases WHERE caller = ? AND request_id = ?"));
  by_request.setString(1, key.caller);
  by_request.setString(2, key.request_id);
  if (auto rows = mariadb::Query(by_request); rows->next()) {
    RETURN_IF_ERROR(CheckSameRequest(GetString(*rows, "request_fingerprint"), key));
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

// Serialises the claims of one member at one partner whose points depend on each other: the
// second waits here until the first commits, then reads it. (Sessions run READ COMMITTED, which
// takes no gap locks, so a locking read of an empty range would not do.)
void LockMemberAtPartner(Connection& db, const std::string& member_id,
                         const std::string& partner_id) {
  sql::PreparedStatement& lock = db.Prepare(
      "INSERT INTO member_partner_locks (member_id, partner_id) VALUES (?, ?)"
      " ON DUPLICATE KEY UPDATE member_id = member_id");
  lock.setString(1, member_id);
  lock.setString(2, partner_id);
  lock.executeUpdate();
}

MemberFacts ReadFacts(Connection& db, const std::string& member_id, const std::string& partner_id,
                      int64_t month_start_us, int64_t month_end_us) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT COUNT(*) AS purchases, COALESCE(SUM(CASE WHEN purchase_time_us >= ? AND"
      " purchase_time_us < ? THEN points_earned ELSE 0 END), 0) AS month_points FROM purchases"
      " WHERE member_id = ? AND partner_id = ?");
  read.setInt64(1, month_start_us);
  read.setInt64(2, month_end_us);
  read.setString(3, member_id);
  read.setString(4, partner_id);
  auto rows = mariadb::Query(read);
  rows->next();
  return {rows->getInt64("purchases") > 0, rows->getInt64("month_points")};
}

// The UTC month of a purchase time, as microseconds [start, end).
std::pair<int64_t, int64_t> MonthOf(const google::protobuf::Timestamp& time) {
  const absl::CivilMonth month =
      absl::ToCivilMonth(absl::FromUnixMicros(ProtoTimeToMicros(time)), absl::UTCTimeZone());
  return {absl::ToUnixMicros(absl::FromCivil(month, absl::UTCTimeZone())),
          absl::ToUnixMicros(absl::FromCivil(month + 1, absl::UTCTimeZone()))};
}

}  // namespace

absl::StatusOr<MemberFacts> MariaDbPurchaseStore::Facts(const std::string& member_id,
                                                        const std::string& partner_id,
                                                        absl::Time month_start,
                                                        absl::Time month_end) {
  MemberFacts facts;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    facts = ReadFacts(db, member_id, partner_id, absl::ToUnixMicros(month_start),
                      absl::ToUnixMicros(month_end));
    return absl::OkStatus();
  }));
  return facts;
}

absl::StatusOr<v1::Purchase> MariaDbPurchaseStore::Claim(
    const RequestKey& key, const v1::Purchase& purchase,
    const std::optional<MemberFacts>& assumed) {
  absl::StatusOr<v1::Purchase> result = purchase;
  const auto claim = [&](Connection& db) -> absl::Status {
    if (assumed) {
      const auto [month_start_us, month_end_us] = MonthOf(purchase.purchase_time());
      LockMemberAtPartner(db, purchase.member_id(), purchase.partner_id());
      const MemberFacts now =
          ReadFacts(db, purchase.member_id(), purchase.partner_id(), month_start_us, month_end_us);
      if (!assumed->StillHoldIn(now)) {
        result = absl::AbortedError("another purchase by the member at the partner came first");
        return absl::OkStatus();
      }
    }
    sql::PreparedStatement& insert =
        db.Prepare(absl::StrCat("INSERT INTO purchases ", kInsertColumns, " VALUES ", kInsertRow));
    BindPurchase(insert, 1, key, purchase);
    try {
      insert.executeUpdate();
    } catch (const sql::SQLException& e) {
      if (!mariadb::IsDuplicateKey(e)) throw;
      result = Earlier(db, key, purchase);
    }
    return absl::OkStatus();
  };
  // Without facts to check, the claim is one autocommit statement.
  RETURN_IF_ERROR(assumed ? pool_.InTransaction(claim) : pool_.WithConnection(claim));
  return result;
}

std::vector<absl::StatusOr<v1::Purchase>> MariaDbPurchaseStore::ClaimAll(
    std::span<const ToClaim> claims) {
  std::vector<absl::StatusOr<v1::Purchase>> claimed(claims.size());
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    // Autocommit per statement, as Claim's insert: each row stands alone.
    absl::flat_hash_map<std::string, size_t> index_of;
    for (size_t i = 0; i < claims.size(); ++i) index_of[claims[i].purchase.purchase_id()] = i;
    std::vector<bool> inserted(claims.size(), false);
    mariadb::ForEachChunk(claims.size(), [&](size_t first, size_t count) {
      sql::PreparedStatement& insert =
          db.Prepare(absl::StrCat("INSERT IGNORE INTO purchases ", kInsertColumns, " VALUES ",
                                  mariadb::RepeatRow(kInsertRow, count), " RETURNING purchase_id"));
      for (unsigned int i = 0; i < count; ++i) {
        BindPurchase(insert, kInsertParameters * i + 1, claims[first + i].key,
                     claims[first + i].purchase);
      }
      for (auto rows = mariadb::Query(insert); rows->next();) {
        inserted[index_of.at(GetString(*rows, "purchase_id"))] = true;
      }
    });
    for (size_t i = 0; i < claims.size(); ++i) {
      claimed[i] =
          inserted[i] ? claims[i].purchase : Earlier(db, claims[i].key, claims[i].purchase);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) {
    for (absl::StatusOr<v1::Purchase>& one : claimed) one = status;
  }
  return claimed;
}

absl::StatusOr<v1::Purchase> MariaDbPurchaseStore::Get(const std::string& purchase_id) {
  absl::StatusOr<v1::Purchase> purchase;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& read = db.Prepare(absl::StrCat(
        "SELECT ", kColumns,
        ", (SELECT COALESCE(SUM(amount_minor), 0) FROM refunds r WHERE r.purchase_id = ?)"
        " AS refunded, (SELECT COALESCE(SUM(points_reversed), 0) FROM refunds r"
        " WHERE r.purchase_id = ?) AS reversed FROM purchases WHERE purchase_id = ?"));
    for (unsigned int i = 1; i <= 3; ++i) read.setString(i, purchase_id);
    auto rows = mariadb::Query(read);
    if (!rows->next()) {
      purchase = absl::NotFoundError(absl::StrCat("purchase_id: no purchase '", purchase_id, "'"));
      return absl::OkStatus();
    }
    purchase = FromRow(*rows);
    purchase->set_refunded_amount_minor(rows->getInt64("refunded"));
    purchase->set_points_reversed(rows->getInt64("reversed"));
    return absl::OkStatus();
  }));
  return purchase;
}

absl::StatusOr<PurchaseStore::Stored> MariaDbPurchaseStore::GetByTransaction(
    const std::string& partner_id, const std::string& partner_transaction_id) {
  absl::StatusOr<Stored> stored;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& read = db.Prepare(
        absl::StrCat("SELECT ", kColumns,
                     " FROM purchases WHERE partner_id = ? AND partner_transaction_id = ?"));
    read.setString(1, partner_id);
    read.setString(2, partner_transaction_id);
    auto rows = mariadb::Query(read);
    if (!rows->next()) {
      stored =
          absl::NotFoundError(absl::StrCat("partner_transaction_id: partner '", partner_id,
                                           "' has no purchase '", partner_transaction_id, "'"));
      return absl::OkStatus();
    }
    stored = Stored{FromRow(*rows), SettledBy(*rows)};
    return absl::OkStatus();
  }));
  return stored;
}

absl::StatusOr<bool> MariaDbPurchaseStore::Settle(const std::string& purchase_id,
                                                  v1::Purchase::State state, const RequestKey& key,
                                                  absl::Time now) {
  bool settled = false;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& update = db.Prepare(
        "UPDATE purchases SET state = ?, settle_time_us = ?, settle_caller = ?,"
        " settle_request_id = ?, settle_fingerprint = ? WHERE purchase_id = ? AND state = ?");
    update.setInt(1, state);
    update.setInt64(2, absl::ToUnixMicros(now));
    mariadb::BindRequestKey(update, 3, key);
    update.setString(6, purchase_id);
    update.setInt(7, v1::Purchase::PENDING);
    settled = update.executeUpdate() == 1;
    return absl::OkStatus();
  }));
  return settled;
}

absl::StatusOr<std::optional<v1::Purchase>> MariaDbPurchaseStore::Find(const RequestKey& key) {
  absl::StatusOr<std::optional<v1::Purchase>> found = std::nullopt;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& read = db.Prepare(
        absl::StrCat("SELECT ", kColumns, " FROM purchases WHERE caller = ? AND request_id = ?"));
    read.setString(1, key.caller);
    read.setString(2, key.request_id);
    auto rows = mariadb::Query(read);
    if (!rows->next()) return absl::OkStatus();
    if (absl::Status same = CheckSameRequest(GetString(*rows, "request_fingerprint"), key);
        !same.ok()) {
      found = same;
    } else {
      found = FromRow(*rows);
    }
    return absl::OkStatus();
  }));
  return found;
}

absl::Status MariaDbPurchaseStore::RecordPosting(const std::string& purchase_id,
                                                 int64_t posting_sequence) {
  return pool_.WithConnection([&](Connection& db) {
    sql::PreparedStatement& record =
        db.Prepare("UPDATE purchases SET posting_sequence = ? WHERE purchase_id = ?");
    record.setInt64(1, posting_sequence);
    record.setString(2, purchase_id);
    record.executeUpdate();
    return absl::OkStatus();
  });
}

absl::Status MariaDbPurchaseStore::RecordPostings(
    std::span<const std::pair<std::string, int64_t>> postings) {
  return pool_.WithConnection([&](Connection& db) {
    mariadb::ForEachChunk(postings.size(), [&](size_t first, size_t count) {
      std::string when;
      for (size_t i = 0; i < count; ++i) when += " WHEN ? THEN ?";
      sql::PreparedStatement& record = db.Prepare(
          absl::StrCat("UPDATE purchases SET posting_sequence = CASE purchase_id", when,
                       " END WHERE purchase_id IN (", mariadb::RepeatRow("?", count), ")"));
      unsigned int at = 1;
      for (size_t i = first; i < first + count; ++i) {
        record.setString(at++, postings[i].first);
        record.setInt64(at++, postings[i].second);
      }
      for (size_t i = first; i < first + count; ++i) record.setString(at++, postings[i].first);
      record.executeUpdate();
    });
    return absl::OkStatus();
  });
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
