// TotalsStore on MariaDB (schema: migrations/0001_create_totals.sql, 0002_periods.sql,
// 0004_day_facts.sql).
#pragma once

#include "services/common/mariadb/connection_pool.h"
#include "settlement/period_calendar.h"
#include "settlement/totals_store.h"

namespace coalition::settlement {

class MariaDbTotalsStore final : public TotalsStore {
 public:
  MariaDbTotalsStore(mariadb::ConnectionPool& pool, PeriodCalendar calendar)
      : pool_(pool), calendar_(calendar) {}

  absl::StatusOr<int64_t> Cursor() override;
  absl::Status Apply(int64_t from, int64_t to, const std::vector<DayFact>& facts) override;
  absl::StatusOr<std::vector<PeriodLine>> DayTotals(
      absl::CivilDay start, absl::CivilDay end,
      const std::optional<std::string>& partner_id) override;
  absl::StatusOr<v1::Period> BeginClose(absl::CivilDay start, absl::CivilDay end) override;
  absl::StatusOr<std::vector<PeriodLine>> PeriodTotals(absl::CivilDay start) override;
  absl::StatusOr<v1::Period> FinishClose(absl::CivilDay start, const v1::PeriodReport& report,
                                         absl::Time now) override;
  absl::StatusOr<std::optional<v1::PeriodReport>> Report(absl::CivilDay start) override;
  absl::StatusOr<std::vector<v1::Period>> Periods(int limit) override;
  absl::StatusOr<std::vector<PeriodFact>> AllTimeTotals() override;
  absl::StatusOr<int64_t> IssuedBetween(const std::string& partner_id, absl::CivilDay from,
                                        absl::CivilDay before) override;

 private:
  mariadb::ConnectionPool& pool_;
  const PeriodCalendar calendar_;
};

}  // namespace coalition::settlement
