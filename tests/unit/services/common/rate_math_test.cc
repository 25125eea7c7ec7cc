#include "services/common/rate_math.h"

#include <limits>

#include "gtest/gtest.h"

namespace coalition {
namespace {

TEST(EarnedPoints, RoundsDownToWholePoints) {
  EXPECT_EQ(*EarnedPoints(12'345, 2, 100), 246);  // 246.9 -> 246
  EXPECT_EQ(*EarnedPoints(199, 1, 100), 1);
  EXPECT_EQ(*EarnedPoints(99, 1, 100), 0);
  EXPECT_EQ(*EarnedPoints(3'700, 1, 200), 18);  // 18.5 -> 18
  EXPECT_EQ(*EarnedPoints(100, 3, 1), 300);
}

TEST(EarnedPoints, UsesWideArithmeticSoLargeProductsAreExact) {
  // 10^12 minor units at 10^9 points per 10^9: the product overflows 64 bits, the result does not.
  EXPECT_EQ(*EarnedPoints(1'000'000'000'000, 1'000'000'000, 1'000'000'000), 1'000'000'000'000);
}

TEST(EarnedPoints, RefusesResultsBeyond64Bits) {
  EXPECT_EQ(EarnedPoints(std::numeric_limits<int64_t>::max(), 2, 1).status().code(),
            absl::StatusCode::kOutOfRange);
}

TEST(EarnedPoints, RefusesNegativeAmountsAndZeroRates) {
  EXPECT_EQ(EarnedPoints(-1, 1, 100).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EarnedPoints(100, 1, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PriceOfPoints, RoundsHalfAwayFromZero) {
  EXPECT_EQ(*PriceOfPoints(500, 8, 10), 400);  // exact
  EXPECT_EQ(*PriceOfPoints(18, 12, 10), 22);   // 21.6 -> 22
  EXPECT_EQ(*PriceOfPoints(17, 12, 10), 20);   // 20.4 -> 20
  EXPECT_EQ(*PriceOfPoints(15, 9, 10), 14);    // 13.5 -> 14 (half goes up)
  EXPECT_EQ(*PriceOfPoints(5, 1, 10), 1);      // 0.5 -> 1
  EXPECT_EQ(*PriceOfPoints(4, 1, 10), 0);      // 0.4 -> 0
}

TEST(PriceOfPoints, ReversalsRoundSymmetrically) {
  EXPECT_EQ(*PriceOfPoints(-15, 9, 10), -14);  // -13.5 -> -14, mirror of 13.5
  EXPECT_EQ(*PriceOfPoints(-17, 12, 10), -20);
}

TEST(ExactPriceOfPoints, KeepsWhatDoesNotFitIn64BitsAndRoundsTheSameWay) {
  // 10^13 points at 10^9 a point: 10^22, which PriceOfPoints refuses.
  const absl::int128 points = 10'000'000'000'000;
  EXPECT_EQ(*ExactPriceOfPoints(points, 1'000'000'000, 1), points * 1'000'000'000);
  EXPECT_EQ(PriceOfPoints(10'000'000'000'000, 1'000'000'000, 1).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(*ExactPriceOfPoints(-15, 9, 10), -14);
  // Only a product beyond 127 bits is refused.
  EXPECT_EQ(ExactPriceOfPoints(std::numeric_limits<absl::int128>::max(), 2, 1).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ExactPriceOfPoints(std::numeric_limits<absl::int128>::min(), 1, 1).status().code(),
            absl::StatusCode::kOutOfRange);
}

TEST(PriceOfPoints, RefusesNegativePrices) {
  EXPECT_EQ(PriceOfPoints(10, -1, 10).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PriceOfPoints(10, 1, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace coalition
