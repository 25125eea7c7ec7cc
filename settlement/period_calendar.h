// Settlement periods: whole UTC days, weeks from Monday, or calendar months, configured once for
// the coalition (--settlement_period). A period is named by its first day.
//
//   const PeriodCalendar calendar = PeriodCalendar::Monthly();
//   calendar.StartOf(absl::CivilDay(2026, 11, 24))  -> 2026-11-01
#pragma once

#include <optional>
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
  // Volume tiers count a calendar month's periods: those starting in it (a weekly period from
  // Monday 28 September counts in September). The first day of the tier month `day` counts in,
  // i.e. the first period start in the month of `day`'s period; and the first day of the next.
  absl::CivilDay TierMonthStart(absl::CivilDay day) const;
  absl::CivilDay NextTierMonthStart(absl::CivilDay day) const;
  std::string Name() const;

 private:
  explicit PeriodCalendar(Length length) : length_(length) {}
  Length length_;
};

// The period that takes the facts of a period starting at `natural`: its own, unless it or a
// later one has begun closing (periods close in order; `frontier` is the first day after the
// latest period closing or closed, none before any close). Then the period starting at the
// frontier takes them, as late.
struct TakingPeriod {
  absl::CivilDay start;
  bool late = false;
};
TakingPeriod PeriodTaking(absl::CivilDay natural, const std::optional<absl::CivilDay>& frontier);

}  // namespace coalition::settlement
