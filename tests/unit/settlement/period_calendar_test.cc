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

}  // namespace
}  // namespace coalition::settlement
