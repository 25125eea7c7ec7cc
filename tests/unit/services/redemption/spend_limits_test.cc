// The fraud limits on spending, as pure functions.
#include "services/redemption/spend_limits.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::redemption {
namespace {

using ::testing::HasSubstr;

v1::BurnLimits Limits(int64_t daily_points, int per_minute) {
  v1::BurnLimits limits;
  limits.set_daily_points(daily_points);
  limits.set_redemptions_per_minute(per_minute);
  return limits;
}

TEST(SpendLimits, TheDailyLimitAllowsExactlyWhatIsLeftAndSaysHowMuchThatIs) {
  std::string control;
  EXPECT_THAT(CheckLimits(Limits(1'000, 0), {.spent_today = 900}, 100, &control), IsOk());
  const absl::Status over = CheckLimits(Limits(1'000, 0), {.spent_today = 900}, 101, &control);
  EXPECT_TRUE(absl::IsResourceExhausted(over));
  EXPECT_THAT(over.message(), HasSubstr("100 left today"));
  EXPECT_EQ(control, "daily limit");
}

TEST(SpendLimits, VelocityRefusesOnceTheMinuteIsFullWhateverThePoints) {
  std::string control;
  EXPECT_THAT(CheckLimits(Limits(0, 3), {.in_last_minute = 2}, 1'000'000, &control), IsOk());
  EXPECT_TRUE(
      absl::IsResourceExhausted(CheckLimits(Limits(0, 3), {.in_last_minute = 3}, 1, &control)));
  EXPECT_EQ(control, "velocity");
}

TEST(SpendLimits, ZeroMeansNoLimitAndNegativeIsRefused) {
  std::string control;
  EXPECT_THAT(CheckLimits(Limits(0, 0), {1'000'000, 1'000}, 1'000'000, &control), IsOk());
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateBurnLimits(Limits(-1, 0))));
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateBurnLimits(Limits(0, -1))));
}

TEST(SpendLimits, TheDayStartsAtUtcMidnight) {
  const absl::Time late =
      absl::FromCivil(absl::CivilSecond(2026, 3, 1, 23, 59, 59), absl::UTCTimeZone());
  EXPECT_EQ(StartOfUtcDay(late), absl::FromCivil(absl::CivilDay(2026, 3, 1), absl::UTCTimeZone()));
}

}  // namespace
}  // namespace coalition::redemption
