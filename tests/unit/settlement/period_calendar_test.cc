// The settlement calendar: periods are whole UTC days, weeks from Monday, or months.
#include "settlement/period_calendar.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coalition::settlement {
namespace {

TEST(PeriodCalendar, PeriodsAreWholeUtcDaysWeeksFromMondayOrMonths) {
  const absl::CivilDay tuesday(2026, 11, 24);
  EXPECT_EQ(PeriodCalendar::Parse("daily")->StartOf(tuesday), tuesday);
  EXPECT_EQ(PeriodCalendar::Parse("weekly")->StartOf(tuesday), absl::CivilDay(2026, 11, 23));
  EXPECT_EQ(PeriodCalendar::Parse("weekly")->StartOf(absl::CivilDay(2026, 11, 23)),
            absl::CivilDay(2026, 11, 23));
  EXPECT_EQ(PeriodCalendar::Monthly().StartOf(tuesday), absl::CivilDay(2026, 11, 1));
  EXPECT_EQ(PeriodCalendar::Monthly().EndOf(absl::CivilDay(2026, 12, 1)),
            absl::CivilDay(2027, 1, 1));
  EXPECT_FALSE(PeriodCalendar::Monthly().IsStart(tuesday));
  EXPECT_TRUE(absl::IsInvalidArgument(PeriodCalendar::Parse("yearly").status()));
}

TEST(PeriodCalendar, TierMonthsAreThePeriodsStartingInACalendarMonth) {
  const PeriodCalendar weekly = *PeriodCalendar::Parse("weekly");
  // The week from Monday 2026-09-28 counts in September, whose first week starts on the 7th.
  EXPECT_EQ(weekly.TierMonthStart(absl::CivilDay(2026, 10, 2)), absl::CivilDay(2026, 9, 7));
  EXPECT_EQ(weekly.NextTierMonthStart(absl::CivilDay(2026, 10, 2)), absl::CivilDay(2026, 10, 5));
  EXPECT_EQ(PeriodCalendar::Monthly().TierMonthStart(absl::CivilDay(2026, 10, 2)),
            absl::CivilDay(2026, 10, 1));
  EXPECT_EQ(PeriodCalendar::Parse("daily")->NextTierMonthStart(absl::CivilDay(2026, 12, 31)),
            absl::CivilDay(2027, 1, 1));
  EXPECT_EQ(PeriodTaking(absl::CivilDay(2026, 11, 1), std::nullopt).late, false);
  const TakingPeriod late = PeriodTaking(absl::CivilDay(2026, 11, 1), absl::CivilDay(2026, 12, 1));
  EXPECT_EQ(late.start, absl::CivilDay(2026, 12, 1));
  EXPECT_TRUE(late.late);
}

}  // namespace
}  // namespace coalition::settlement
