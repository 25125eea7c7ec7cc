#include "settlement/store/mariadb_totals_store.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
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

constexpr char kPeriodColumns[] =
    "SELECT period_start, period_end, state, closed_at_sequence, close_time_us FROM periods";

v1::Period PeriodFromRow(sql::ResultSet& row) {
  v1::Period period;
  period.set_period_start(mariadb::GetString(row, "period_start"));
  period.set_period_end(mariadb::GetString(row, "period_end"));
  period.set_state(static_cast<v1::Period::State>(row.getInt("state")));
  if (!row.isNull("closed_at_sequence")) {
    period.set_closed_at_sequence(row.getInt64("closed_at_sequence"));
  }
  if (!row.isNull("close_time_us")) {
    *period.mutable_close_time() = MicrosToProtoTime(row.getInt64("close_time_us"));
  }
  return period;
}

std::optional<v1::Period> PeriodIn(Connection& db, absl::CivilDay start, bool for_update) {
  sql::PreparedStatement& read = db.Prepare(
      absl::StrCat(kPeriodColumns, " WHERE period_start = ?", for_update ? " FOR UPDATE" : ""));
  read.setString(1, DayString(start));
  auto rows = mariadb::Query(read);
  if (!rows->next()) return std::nullopt;
  return PeriodFromRow(*rows);
}

// The first day after the latest period that is closing or closed; none before any close.
std::optional<absl::CivilDay> Frontier(Connection& db, const PeriodCalendar& calendar) {
  sql::PreparedStatement& read =
      db.Prepare("SELECT MAX(period_start) AS latest FROM periods WHERE state <> ?");
  read.setInt(1, v1::Period::OPEN);
  auto rows = mariadb::Query(read);
  if (!rows->next() || rows->isNull("latest")) return std::nullopt;
  absl::CivilDay latest;
  absl::ParseCivilTime(mariadb::GetString(*rows, "latest"), &latest);
  return calendar.EndOf(latest);
}

// A row of partner_id, kind, terms_version, points and postings, as a fact of the period or the
// days starting at `start`.
PeriodFact FactFromRow(sql::ResultSet& row, absl::CivilDay start) {
  return {mariadb::GetString(row, "partner_id"),
          static_cast<v1::FactKind>(row.getInt("kind")),
          row.getInt64("terms_version"),
          start,
          row.getInt64("points"),
          row.getInt64("postings")};
}

// Makes the period OPEN if it is new: a period that takes facts is listed.
void EnsurePeriod(Connection& db, const PeriodCalendar& calendar, absl::CivilDay start) {
  sql::PreparedStatement& open =
      db.Prepare("INSERT IGNORE INTO periods (period_start, period_end, state) VALUES (?, ?, ?)");
  open.setString(1, DayString(start));
  open.setString(2, DayString(calendar.EndOf(start)));
  open.setInt(3, v1::Period::OPEN);
  open.executeUpdate();
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
                                       const std::vector<DayFact>& facts) {
  return pool_.InTransaction([&](Connection& db) -> absl::Status {
    // The row lock orders concurrent followers; the loser sees the cursor moved.
    if (const int64_t cursor = ReadCursor(db, /*for_update=*/true); cursor != from) {
      return absl::FailedPreconditionError(
          absl::StrCat("ledger cursor is at ", cursor, ", not ", from));
    }
    sql::PreparedStatement& add_day = db.Prepare(
        "INSERT INTO day_facts (day, partner_id, kind, terms_version, points, postings)"
        " VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
        " points = points + VALUES(points), postings = postings + VALUES(postings)");
    // Period states are read under the cursor lock, which BeginClose takes too: a page is
    // counted wholly before a close begins or wholly after.
    sql::PreparedStatement& add_period = db.Prepare(
        "INSERT INTO period_totals (period_start, partner_id, kind, terms_version, late, points,"
        " postings) VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
        " points = points + VALUES(points), postings = postings + VALUES(postings)");
    const std::optional<absl::CivilDay> frontier = Frontier(db, calendar_);
    for (const DayFact& fact : facts) {
      add_day.setString(1, DayString(fact.day));
      add_day.setString(2, fact.partner_id);
      add_day.setInt(3, fact.kind);
      add_day.setInt64(4, fact.terms_version);
      add_day.setInt64(5, fact.points);
      add_day.setInt64(6, fact.postings);
      add_day.executeUpdate();
      const TakingPeriod period = PeriodTaking(calendar_.StartOf(fact.day), frontier);
      EnsurePeriod(db, calendar_, period.start);
      add_period.setString(1, DayString(period.start));
      add_period.setString(2, fact.partner_id);
      add_period.setInt(3, fact.kind);
      add_period.setInt64(4, fact.terms_version);
      add_period.setInt(5, period.late ? 1 : 0);
      add_period.setInt64(6, fact.points);
      add_period.setInt64(7, fact.postings);
      add_period.executeUpdate();
    }
    sql::PreparedStatement& move =
        db.Prepare("UPDATE follow_cursor SET last_sequence = ? WHERE id = 1");
    move.setInt64(1, to);
    move.executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<TotalsStore::PeriodLine>> MariaDbTotalsStore::DayTotals(
    absl::CivilDay start, absl::CivilDay end, const std::optional<std::string>& partner_id) {
  std::vector<PeriodLine> lines;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) {
    sql::PreparedStatement& read = db.Prepare(
        "SELECT partner_id, kind, terms_version, SUM(points) AS points, SUM(postings) AS postings"
        " FROM day_facts WHERE day >= ? AND day < ? AND (? = '' OR partner_id = ?)"
        " GROUP BY partner_id, kind, terms_version ORDER BY partner_id, kind, terms_version");
    read.setString(1, DayString(start));
    read.setString(2, DayString(end));
    read.setString(3, partner_id.value_or(""));
    read.setString(4, partner_id.value_or(""));
    for (auto rows = mariadb::Query(read); rows->next();) {
      lines.push_back({FactFromRow(*rows, start), /*late=*/false});
    }
    return absl::OkStatus();
  }));
  return lines;
}

absl::StatusOr<v1::Period> MariaDbTotalsStore::BeginClose(absl::CivilDay start,
                                                          absl::CivilDay end) {
  v1::Period result;
  RETURN_IF_ERROR(pool_.InTransaction([&](Connection& db) -> absl::Status {
    const int64_t cursor = ReadCursor(db, /*for_update=*/true);
    std::optional<v1::Period> period = PeriodIn(db, start, /*for_update=*/true);
    if (!period || period->state() == v1::Period::OPEN) {
      // In order: every fact of an earlier time then has its period decided for good.
      if (const auto frontier = Frontier(db, calendar_); frontier && start < *frontier) {
        return absl::FailedPreconditionError(
            absl::StrCat("period_start: a later period than ", DayString(start),
                         " is closed already; periods close in order"));
      }
      sql::PreparedStatement& earlier = db.Prepare(
          "SELECT MIN(period_start) AS first FROM periods WHERE state = ? AND period_start < ?");
      earlier.setInt(1, v1::Period::OPEN);
      earlier.setString(2, DayString(start));
      auto rows = mariadb::Query(earlier);
      if (rows->next() && !rows->isNull("first")) {
        return absl::FailedPreconditionError(
            absl::StrCat("period_start: the period ", mariadb::GetString(*rows, "first"),
                         " is still open; close it first (periods close in order)"));
      }
    }
    if (!period) {
      sql::PreparedStatement& make = db.Prepare(
          "INSERT INTO periods (period_start, period_end, state, closed_at_sequence)"
          " VALUES (?, ?, ?, ?)");
      make.setString(1, DayString(start));
      make.setString(2, DayString(end));
      make.setInt(3, v1::Period::CLOSING);
      make.setInt64(4, cursor);
      make.executeUpdate();
    } else if (period->state() == v1::Period::OPEN) {
      sql::PreparedStatement& close =
          db.Prepare("UPDATE periods SET state = ?, closed_at_sequence = ? WHERE period_start = ?");
      close.setInt(1, v1::Period::CLOSING);
      close.setInt64(2, cursor);
      close.setString(3, DayString(start));
      close.executeUpdate();
    }
    result = *PeriodIn(db, start, /*for_update=*/false);
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<std::vector<TotalsStore::PeriodLine>> MariaDbTotalsStore::PeriodTotals(
    absl::CivilDay start) {
  std::vector<PeriodLine> lines;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) {
    sql::PreparedStatement& read = db.Prepare(
        "SELECT partner_id, kind, terms_version, late, points, postings FROM period_totals"
        " WHERE period_start = ? ORDER BY partner_id, kind, terms_version, late");
    read.setString(1, DayString(start));
    for (auto rows = mariadb::Query(read); rows->next();) {
      lines.push_back({FactFromRow(*rows, start), rows->getInt("late") != 0});
    }
    return absl::OkStatus();
  }));
  return lines;
}

absl::StatusOr<v1::Period> MariaDbTotalsStore::FinishClose(absl::CivilDay start,
                                                           const v1::PeriodReport& report,
                                                           absl::Time now) {
  v1::Period result;
  RETURN_IF_ERROR(pool_.InTransaction([&](Connection& db) -> absl::Status {
    std::optional<v1::Period> period = PeriodIn(db, start, /*for_update=*/true);
    if (!period) return absl::FailedPreconditionError("the period's close has not begun");
    if (period->state() == v1::Period::CLOSING) {
      sql::PreparedStatement& keep =
          db.Prepare("INSERT INTO period_reports (period_start, report) VALUES (?, ?)");
      keep.setString(1, DayString(start));
      keep.setString(2, report.SerializeAsString());
      keep.executeUpdate();
      sql::PreparedStatement& close =
          db.Prepare("UPDATE periods SET state = ?, close_time_us = ? WHERE period_start = ?");
      close.setInt(1, v1::Period::CLOSED);
      close.setInt64(2, absl::ToUnixMicros(now));
      close.setString(3, DayString(start));
      close.executeUpdate();
    }
    result = *PeriodIn(db, start, /*for_update=*/false);
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<std::optional<v1::PeriodReport>> MariaDbTotalsStore::Report(absl::CivilDay start) {
  std::optional<v1::PeriodReport> report;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& read =
        db.Prepare("SELECT report FROM period_reports WHERE period_start = ?");
    read.setString(1, DayString(start));
    auto rows = mariadb::Query(read);
    if (!rows->next()) return absl::OkStatus();
    if (!report.emplace().ParseFromString(mariadb::GetString(*rows, "report"))) {
      return absl::InternalError("a stored period report does not parse");
    }
    return absl::OkStatus();
  }));
  return report;
}

absl::StatusOr<std::vector<v1::Period>> MariaDbTotalsStore::Periods(int limit) {
  std::vector<v1::Period> periods;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) {
    sql::PreparedStatement& read =
        db.Prepare(absl::StrCat(kPeriodColumns, " ORDER BY period_start DESC LIMIT ?"));
    read.setInt(1, limit);
    for (auto rows = mariadb::Query(read); rows->next();) periods.push_back(PeriodFromRow(*rows));
    return absl::OkStatus();
  }));
  return periods;
}

absl::StatusOr<std::vector<PeriodFact>> MariaDbTotalsStore::AllTimeTotals() {
  std::vector<PeriodFact> totals;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) {
    auto rows = mariadb::Query(
        db.Prepare("SELECT partner_id, kind, SUM(points) AS points FROM period_totals"
                   " GROUP BY partner_id, kind ORDER BY partner_id, kind"));
    while (rows->next()) {
      PeriodFact& total = totals.emplace_back();
      total.partner_id = mariadb::GetString(*rows, "partner_id");
      total.kind = static_cast<v1::FactKind>(rows->getInt("kind"));
      total.points = rows->getInt64("points");
    }
    return absl::OkStatus();
  }));
  return totals;
}

absl::StatusOr<int64_t> MariaDbTotalsStore::IssuedBetween(const std::string& partner_id,
                                                          absl::CivilDay from,
                                                          absl::CivilDay before) {
  int64_t issued = 0;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) {
    sql::PreparedStatement& read = db.Prepare(
        "SELECT COALESCE(SUM(points), 0) AS issued FROM period_totals WHERE partner_id = ?"
        " AND kind = ? AND late = 0 AND period_start >= ? AND period_start < ?");
    read.setString(1, partner_id);
    read.setInt(2, v1::ISSUED);
    read.setString(3, DayString(from));
    read.setString(4, DayString(before));
    auto rows = mariadb::Query(read);
    rows->next();
    issued = rows->getInt64("issued");
    return absl::OkStatus();
  }));
  return issued;
}

}  // namespace coalition::settlement
