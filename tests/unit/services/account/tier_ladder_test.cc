// The tier ladder's rules: validation, which tier points reach, and the qualifying window.
#include "services/account/tier_ladder.h"

#include "gtest/gtest.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::account {
namespace {

v1::TierLadder ThreeLevels() {
  v1::TierLadder ladder;
  ladder.set_window_months(12);
  for (auto [id, points] : {std::pair{"silver", 0}, {"gold", 1000}, {"platinum", 3000}}) {
    v1::TierLevel* level = ladder.add_levels();
    level->set_tier_id(id);
    level->set_display_name(id);
    level->set_qualifying_points(points);
    level->set_earn_multiplier_bp(10'000);
  }
  return ladder;
}

TEST(TierLadder, ThresholdsAreInclusive) {
  const v1::TierLadder ladder = ThreeLevels();
  EXPECT_EQ(QualifiedRank(ladder, 0), 0);
  EXPECT_EQ(QualifiedRank(ladder, 999), 0);
  EXPECT_EQ(QualifiedRank(ladder, 1000), 1);
  EXPECT_EQ(QualifiedRank(ladder, 1'000'000), 2);
}

TEST(TierLadder, TheWindowCountsWholeCalendarMonthsThisOneIncluded) {
  const v1::TierLadder ladder = ThreeLevels();
  const absl::Time mid_march = absl::FromCivil(absl::CivilDay(2027, 3, 15), absl::UTCTimeZone());
  EXPECT_EQ(MonthIndex(mid_march), 2027 * 12 + 2);
  EXPECT_EQ(WindowStartMonth(ladder, mid_march), 2026 * 12 + 3);  // April 2026
}

TEST(TierLadder, DescribeGivesProgressToTheNextTierAndNothingPastTheTop) {
  const v1::TierLadder ladder = ThreeLevels();
  const v1::MemberTier gold = DescribeTier(ladder, 1, 1200, 0);
  EXPECT_EQ(gold.tier_id(), "gold");
  EXPECT_EQ(gold.next_tier_id(), "platinum");
  EXPECT_EQ(gold.points_to_next_tier(), 1800);
  EXPECT_FALSE(gold.has_review_time());
  const v1::MemberTier top = DescribeTier(ladder, 7, 5000, 1'800'000'000'000'000);
  EXPECT_EQ(top.tier_id(), "platinum");  // a rank from an older, taller ladder is clamped
  EXPECT_EQ(top.next_tier_id(), "");
  EXPECT_EQ(top.review_time().seconds(), 1'800'000'000);
}

TEST(TierLadder, ValidationNamesTheLevelAndField) {
  v1::SetTierLadderRequest request;
  request.set_request_id("ladder-1");
  request.set_window_months(12);
  *request.mutable_levels() = ThreeLevels().levels();
  EXPECT_THAT(ValidateTierLadder(request), IsOk());

  request.mutable_levels(1)->set_tier_id("silver");
  EXPECT_EQ(ValidateTierLadder(request).message(), "levels[1].tier_id: 'silver' is used twice");
  request.mutable_levels(1)->set_tier_id("gold");
  request.mutable_levels(2)->set_earn_multiplier_bp(9'999);
  EXPECT_EQ(ValidateTierLadder(request).message(),
            "levels[2].earn_multiplier_bp: must be between 10000 (x1) and 100000 (x10), got 9999");
  request.mutable_levels(2)->set_earn_multiplier_bp(20'000);
  request.clear_levels();
  EXPECT_EQ(ValidateTierLadder(request).message(), "levels: a ladder has 1 to 10 levels, got 0");
}

TEST(TierLadder, TheBuiltInLadderHasOneLevelForEverybody) {
  const v1::TierLadder ladder = BuiltInTierLadder();
  EXPECT_EQ(ladder.version(), 0);
  ASSERT_EQ(ladder.levels_size(), 1);
  EXPECT_EQ(QualifiedRank(ladder, 1'000'000), 0);
}

}  // namespace
}  // namespace coalition::account
