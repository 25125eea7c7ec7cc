// When a point lot expires: anniversary days, short months, never, and what counts as activity.
#include "services/account/expiry_policy.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coalition::account {
namespace {

absl::Time Utc(int year, int month, int day, int hour = 0) {
  return absl::FromCivil(absl::CivilHour(year, month, day, hour), absl::UTCTimeZone());
}

int64_t UtcUs(int year, int month, int day) { return absl::ToUnixMicros(Utc(year, month, day)); }

TEST(ExpiryPolicy, FixedPointsLiveThroughTheWholeAnniversaryDay) {
  const ExpiryPolicy policy{ExpiryPolicy::Kind::kFixed, 24};
  EXPECT_EQ(policy.ExpiryOfPointsEarnedAt(Utc(2026, 3, 15, 23)), UtcUs(2028, 3, 16));
  EXPECT_EQ(policy.ExpiryOfPointsEarnedAt(Utc(2026, 3, 15, 0)), UtcUs(2028, 3, 16));
}

TEST(ExpiryPolicy, AnniversaryIsClampedToTheEndOfAShortMonth) {
  const ExpiryPolicy one_month{ExpiryPolicy::Kind::kFixed, 1};
  EXPECT_EQ(one_month.ExpiryOfPointsEarnedAt(Utc(2027, 1, 31, 12)), UtcUs(2027, 3, 1));  // 28 Feb
  EXPECT_EQ(one_month.ExpiryOfPointsEarnedAt(Utc(2028, 1, 31, 12)), UtcUs(2028, 3, 1));  // 29 Feb
  const ExpiryPolicy twelve{ExpiryPolicy::Kind::kFixed, 12};
  EXPECT_EQ(twelve.ExpiryOfPointsEarnedAt(Utc(2028, 2, 29)), UtcUs(2029, 3, 1));
}

TEST(ExpiryPolicy, NeverMeansPastAnyRun) {
  const ExpiryPolicy never{ExpiryPolicy::Kind::kNever, 24};
  EXPECT_EQ(never.ExpiryOfPointsEarnedAt(Utc(2026, 1, 1)), ExpiryPolicy::kNeverUs);
  EXPECT_FALSE(never.ExtendsOnActivity());
  EXPECT_TRUE((ExpiryPolicy{ExpiryPolicy::Kind::kActivity, 12}).ExtendsOnActivity());
}

TEST(ExpiryPolicy, ParseNamesTheFlagThatIsWrong) {
  EXPECT_EQ(ExpiryPolicy::Parse("activity", 18)->kind, ExpiryPolicy::Kind::kActivity);
  EXPECT_EQ(ExpiryPolicy::Parse("rolling", 18).status().message(),
            "points_expiry: must be fixed, activity or never, got 'rolling'");
  EXPECT_EQ(ExpiryPolicy::Parse("fixed", 0).status().message(),
            "points_expiry_months: must be between 1 and 120, got 0");
}

TEST(ExpiryPolicy, OnlyEarnsAndSpendsCountAsActivity) {
  EXPECT_TRUE(CountsAsActivity(v1::EARN));
  EXPECT_TRUE(CountsAsActivity(v1::REDEEM));
  EXPECT_TRUE(CountsAsActivity(v1::HOLD));
  EXPECT_FALSE(CountsAsActivity(v1::VOID));
  EXPECT_FALSE(CountsAsActivity(v1::CAPTURE));
  EXPECT_FALSE(CountsAsActivity(v1::EXPIRE));
}

}  // namespace
}  // namespace coalition::account
