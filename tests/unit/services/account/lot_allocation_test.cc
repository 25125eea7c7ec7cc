// Point lots: which lots a posting takes and moves, and which it starts.
#include "services/account/lot_allocation.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coalition::account {
namespace {

using ::testing::ElementsAre;

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
