#include "services/earning/refunds.h"

#include <vector>

#include "gtest/gtest.h"

namespace coalition::earning {
namespace {

TEST(Refunds, PartialRefundsAddUpExactlyToThePointsEarned) {
  struct Case {
    int64_t points_earned;
    int64_t amount_minor;
    std::vector<int64_t> parts;
  };
  for (const Case& c : std::vector<Case>{{100, 333, {111, 111, 111}},
                                         {123, 12'345, {5'000, 7'000, 345}},
                                         {7, 1'000, {1, 1, 998}},
                                         {1'000'000, 3, {1, 1, 1}},
                                         {0, 500, {250, 250}}}) {
    int64_t refunded = 0;
    int64_t reversed = 0;
    for (int64_t part : c.parts) {
      const int64_t due = PointsDueForRefund(c.points_earned, c.amount_minor, refunded, part);
      EXPECT_GE(due, 0);
      reversed += due;
      refunded += part;
      EXPECT_LE(reversed, c.points_earned);
    }
    EXPECT_EQ(reversed, c.points_earned) << c.points_earned << " for " << c.amount_minor;
  }
  // A part's share rounds down: a small refund may reverse nothing until the parts add up.
  EXPECT_EQ(PointsDueForRefund(7, 1'000, 0, 1), 0);
  EXPECT_EQ(PointsDueForRefund(100, 333, 0, 111), 33);
  EXPECT_EQ(PointsDueForRefund(100, 333, 222, 111), 34);
}

}  // namespace
}  // namespace coalition::earning
