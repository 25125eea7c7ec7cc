// Point lots and their expiry: which lots a posting takes and moves, and when a lot expires.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/account/expiry_policy.h"
#include "services/account/lot_allocation.h"

namespace coalition::account {
namespace {

using ::testing::ElementsAre;

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

TEST(Lots, SpendingTakesTheSoonestExpiringFirstAndSplitsTheLast) {
  const std::vector<LotSlice> lots = {{3, 300, 50}, {1, 100, 10}, {2, 100, 20}, {4, 200, 5}};
  EXPECT_THAT(TakeSoonestExpiring(lots, 32),
              ElementsAre(LotSlice{1, 100, 10}, LotSlice{2, 100, 20}, LotSlice{4, 200, 2}));
  EXPECT_THAT(TakeSoonestExpiring(lots, 10), ElementsAre(LotSlice{1, 100, 10}));
}

v1::Posting PostingOf(std::vector<std::tuple<v1::AccountKind, std::string, int64_t>> legs) {
  v1::Posting posting;
  for (auto& [kind, owner, points] : legs) {
    v1::Leg* leg = posting.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(owner);
    leg->set_points(points);
  }
  return posting;
}

TEST(Lots, AnEarnStartsANewLot) {
  const auto credits =
      AllocateCredits({}, PostingOf({{v1::PARTNER_ISSUED, "car", -70}, {v1::MEMBER, "m", 70}}));
  ASSERT_EQ(credits.size(), 1u);
  EXPECT_EQ(credits[0].leg, 1);
  EXPECT_TRUE(credits[0].moved.empty());
  EXPECT_EQ(credits[0].new_lot_points, 70);
}

TEST(Lots, HeldPointsKeepTheirLots) {
  const auto credits =
      AllocateCredits({{1, 100, 10}, {2, 200, 20}},
                      PostingOf({{v1::MEMBER, "m", -30}, {v1::MEMBER_HOLD, "h", 30}}));
  ASSERT_EQ(credits.size(), 1u);
  EXPECT_THAT(credits[0].moved, ElementsAre(LotSlice{1, 100, 10}, LotSlice{2, 200, 20}));
  EXPECT_EQ(credits[0].new_lot_points, 0);
}

TEST(Lots, APartialCaptureSpendsTheOldestAndReleasesTheRestWithItsExpiry) {
  // Hold of 20 from lots A (10, expiring first) and B (10); capture 12, release 8.
  const auto credits =
      AllocateCredits({{2, 200, 10}, {1, 100, 10}}, PostingOf({{v1::MEMBER_HOLD, "h", -20},
                                                               {v1::PARTNER_REDEEMED, "hotel", 12},
                                                               {v1::MEMBER, "m", 8}}));
  ASSERT_EQ(credits.size(), 1u);
  EXPECT_EQ(credits[0].leg, 2);
  EXPECT_THAT(credits[0].moved, ElementsAre(LotSlice{2, 200, 8}));
  EXPECT_EQ(credits[0].new_lot_points, 0);
}

TEST(Lots, PointsFromOutsideBeyondTheMovedOnesStartANewLot) {
  const auto credits =
      AllocateCredits({{1, 100, 5}}, PostingOf({{v1::MEMBER, "a", -5},
                                                {v1::OPERATOR_PROMOTIONS, "operator", -3},
                                                {v1::MEMBER, "b", 8}}));
  ASSERT_EQ(credits.size(), 1u);
  EXPECT_THAT(credits[0].moved, ElementsAre(LotSlice{1, 100, 5}));
  EXPECT_EQ(credits[0].new_lot_points, 3);
}

}  // namespace
}  // namespace coalition::account
