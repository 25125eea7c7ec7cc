#include "settlement/mariadb_totals_store.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace coalition::settlement {
namespace {

using mariadb::Connection;

std::string DayString(absl::CivilDay day) { return absl::FormatCivilTime(day); }

int64_t ReadCursor(Connection& db, bool for_update) {
  sql::PreparedStatement& read =
      db.Prepare(for_update ? "SELECT last_sequence FROM follow_cursor WHERE id = 1 FOR UPDATE"
                            : "SELECT last_sequence FROM follow_cursor WHERE id = 1");
  auto rows = mariadb::Query(read);
  rows->next();
  return rows->getInt64("last_sequence");
}

}  // namespace

absl::StatusOr<int64_t> MariaDbTotalsStore::Cursor() {
  int64_t cursor = 0;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) {
    cursor = ReadCursor(db, /*for_update=*/false);
    return absl::OkStatus();
  }));
  return cursor;
}

absl::Status MariaDbTotalsStore::Apply(int64_t from, int64_t to,
                                       const std::vector<DayDelta>& deltas) {
  return pool_.InTransaction([&](Connection& db) -> absl::Status {
    // The row lock orders concurrent followers; the loser sees the cursor moved.
    if (const int64_t cursor = ReadCursor(db, /*for_update=*/true); cursor != from) {
      return absl::FailedPreconditionError(
          absl::StrCat("ledger cursor is at ", cursor, ", not ", from));
    }
    sql::PreparedStatement& add = db.Prepare(
        "INSERT INTO partner_day_totals (partner_id, day, points_issued, points_redeemed)"
        " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
        " points_issued = points_issued + VALUES(points_issued),"
        " points_redeemed = points_redeemed + VALUES(points_redeemed)");
    for (const DayDelta& delta : deltas) {
      add.setString(1, delta.partner_id);
      add.setString(2, DayString(delta.day));
      add.setInt64(3, delta.points_issued);
      add.setInt64(4, delta.points_redeemed);
      add.executeUpdate();
    }
    sql::PreparedStatement& move =
        db.Prepare("UPDATE follow_cursor SET last_sequence = ? WHERE id = 1");
    move.setInt64(1, to);
    move.executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<PartnerTotals>> MariaDbTotalsStore::Totals(
    absl::CivilDay start, absl::CivilDay end, const std::optional<std::string>& partner_id) {
  std::vector<PartnerTotals> totals;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) {
    sql::PreparedStatement& read = db.Prepare(
        "SELECT partner_id, SUM(points_issued) AS issued, SUM(points_redeemed) AS redeemed"
        " FROM partner_day_totals WHERE day >= ? AND day < ? AND (? = '' OR partner_id = ?)"
        " GROUP BY partner_id ORDER BY partner_id");
    read.setString(1, DayString(start));
    read.setString(2, DayString(end));
    read.setString(3, partner_id.value_or(""));
    read.setString(4, partner_id.value_or(""));
    auto rows = mariadb::Query(read);
    while (rows->next()) {
      totals.push_back(PartnerTotals{mariadb::GetString(*rows, "partner_id"),
                                     rows->getInt64("issued"), rows->getInt64("redeemed")});
    }
    return absl::OkStatus();
  }));
  return totals;
}

}  // namespace coalition::settlement
