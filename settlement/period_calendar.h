// Settlement periods: whole UTC days, weeks from Monday, or calendar months, configured once for
// the coalition (--settlement_period). A period is named by its first day.
//
//   const PeriodCalendar calendar = PeriodCalendar::Monthly();
//   calendar.StartOf(absl::CivilDay(2026, 11, 24))  -> 2026-11-01
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace coalition::settlement {

class PeriodCalendar {
 public:
  enum class Length { kDaily, kWeekly, kMonthly };

  // "daily", "weekly" or "monthly".
  static absl::StatusOr<PeriodCalendar> Parse(absl::string_view length);
  static PeriodCalendar Monthly() { return PeriodCalendar(Length::kMonthly); }

  // The first day of the period holding `day`.
  absl::CivilDay StartOf(absl::CivilDay day) const;
  absl::CivilDay StartOf(absl::Time time) const {
    return StartOf(absl::ToCivilDay(time, absl::UTCTimeZone()));
  }
  // The first day of the next period.
  absl::CivilDay EndOf(absl::CivilDay start) const;
  bool IsStart(absl::CivilDay day) const { return StartOf(day) == day; }
  std::string Name() const;

 private:
  explicit PeriodCalendar(Length length) : length_(length) {}
  Length length_;
};

}  // namespace coalition::settlement
