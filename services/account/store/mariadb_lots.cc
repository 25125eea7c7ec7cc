#include "services/account/store/mariadb_lots.h"

#include <tuple>

#include "services/common/check.h"
#include "services/common/mariadb/json_rows.h"

namespace coalition::account::lots {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::JsonRowsOf;
using mariadb::Query;

std::vector<LotSlice> ReadSoonestExpiring(Connection& db, int64_t account_id, int64_t points) {
  // Only the lots needed come back: those whose running total before them is short of `points`.
  sql::PreparedStatement& read = db.Prepare(
      "SELECT origin_sequence, expire_at_us, points FROM ("
      " SELECT origin_sequence, expire_at_us, points,"
      " SUM(points) OVER (ORDER BY expire_at_us, origin_sequence) AS through"
      " FROM lots WHERE account_id = ?) l WHERE through - points < ?");
  read.setInt64(1, account_id);
  read.setInt64(2, points);
  std::vector<LotSlice> lots;
  for (auto rows = Query(read); rows->next();) {
    lots.push_back({rows->getInt64("origin_sequence"), rows->getInt64("expire_at_us"),
                    rows->getInt64("points")});
  }
  return lots;
}

void Cut(Connection& db, const LotCut& cut) {
  if (cut.part.has_value()) {
    sql::PreparedStatement& reduce = db.Prepare(
        "UPDATE lots SET points = points - ? WHERE account_id = ? AND origin_sequence = ?");
    reduce.setInt64(1, cut.part->points);
    reduce.setInt64(2, cut.account_id);
    reduce.setInt64(3, cut.part->origin_sequence);
    COALITION_CHECK(reduce.executeUpdate() == 1, "a lot the plan cuts vanished");
  }
  if (cut.whole_through.has_value()) {
    sql::PreparedStatement& remove = db.Prepare(
        "DELETE FROM lots WHERE account_id = ?"
        " AND (expire_at_us, origin_sequence) <= (?, ?)");
    remove.setInt64(1, cut.account_id);
    remove.setInt64(2, cut.whole_through->expire_at_us);
    remove.setInt64(3, cut.whole_through->origin_sequence);
    remove.executeUpdate();
  }
}

void Add(Connection& db, int64_t account_id, const std::vector<LotSlice>& slices) {
  if (slices.empty()) return;
  sql::PreparedStatement& add = db.Prepare(
      "INSERT INTO lots (account_id, origin_sequence, expire_at_us, points)"
      " SELECT ?, j.origin, j.expire_at, j.points FROM JSON_TABLE(?, '$[*]' COLUMNS ("
      " origin BIGINT PATH '$[0]', expire_at BIGINT PATH '$[1]', points BIGINT PATH '$[2]')) j"
      " ON DUPLICATE KEY UPDATE points = lots.points + VALUES(points)");
  add.setInt64(1, account_id);
  add.setString(2, JsonRowsOf(slices, [](const LotSlice& s) {
                  return std::tuple(s.origin_sequence, s.expire_at_us, s.points);
                }));
  add.executeUpdate();
}

void AddNew(Connection& db, const std::vector<NewLotRow>& rows) {
  if (rows.empty()) return;
  sql::PreparedStatement& add = db.Prepare(
      "INSERT INTO lots (account_id, origin_sequence, expire_at_us, points)"
      " SELECT j.account_id, j.origin, j.expire_at, j.points FROM JSON_TABLE(?, '$[*]' COLUMNS ("
      " account_id BIGINT PATH '$[0]', origin BIGINT PATH '$[1]', expire_at BIGINT PATH '$[2]',"
      " points BIGINT PATH '$[3]')) j");
  add.setString(1, JsonRowsOf(rows, [](const NewLotRow& row) {
                  return std::tuple(row.account_id, row.lot.origin_sequence, row.lot.expire_at_us,
                                    row.lot.points);
                }));
  add.executeUpdate();
}

void ExtendAll(Connection& db, const std::string& member_id, int64_t expire_at_us) {
  // Held points too: a hold is the member's activity, and voided points come back as they were.
  sql::PreparedStatement& extend = db.Prepare(
      "UPDATE lots SET expire_at_us = ? WHERE expire_at_us < ? AND account_id IN"
      " (SELECT account_id FROM accounts WHERE member_id = ? AND kind IN (?, ?))");
  extend.setInt64(1, expire_at_us);
  extend.setInt64(2, expire_at_us);
  extend.setString(3, member_id);
  extend.setInt(4, v1::MEMBER);
  extend.setInt(5, v1::MEMBER_HOLD);
  extend.executeUpdate();
}

void RecordMoves(Connection& db, int64_t sequence, const std::vector<LotMove>& moves) {
  if (moves.empty()) return;
  sql::PreparedStatement& record = db.Prepare(
      "INSERT INTO lot_moves (sequence, account_id, origin_sequence, points)"
      " SELECT ?, j.account_id, j.origin, j.points FROM JSON_TABLE(?, '$[*]' COLUMNS ("
      " account_id BIGINT PATH '$[0]', origin BIGINT PATH '$[1]', points BIGINT PATH '$[2]')) j");
  record.setInt64(1, sequence);
  record.setString(2, JsonRowsOf(moves, [](const LotMove& m) {
                     return std::tuple(m.account_id, m.origin_sequence, m.points);
                   }));
  record.executeUpdate();
}

std::vector<ExpiredLot> ReadExpired(Connection& db, int64_t account_id, int64_t as_of_us) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT l.origin_sequence, l.expire_at_us, l.points, COALESCE(p.partner_id, '') AS partner"
      " FROM lots l LEFT JOIN postings p ON p.sequence = l.origin_sequence"
      " WHERE l.account_id = ? AND l.expire_at_us <= ?"
      " ORDER BY l.expire_at_us, l.origin_sequence");
  read.setInt64(1, account_id);
  read.setInt64(2, as_of_us);
  std::vector<ExpiredLot> expired;
  for (auto rows = Query(read); rows->next();) {
    expired.push_back({{rows->getInt64("origin_sequence"), rows->getInt64("expire_at_us"),
                        rows->getInt64("points")},
                       GetString(*rows, "partner")});
  }
  return expired;
}

void DeleteExpired(Connection& db, int64_t account_id, int64_t as_of_us) {
  sql::PreparedStatement& remove =
      db.Prepare("DELETE FROM lots WHERE account_id = ? AND expire_at_us <= ?");
  remove.setInt64(1, account_id);
  remove.setInt64(2, as_of_us);
  remove.executeUpdate();
}

}  // namespace coalition::account::lots
