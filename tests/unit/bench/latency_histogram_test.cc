#include "bench/latency_histogram.h"

#include "gtest/gtest.h"

namespace coalition::bench {
namespace {

TEST(LatencyHistogram, SmallValuesAreExact) {
  for (int64_t v = 0; v < 128; ++v)
    EXPECT_EQ(LatencyHistogram::UpperBoundOf(LatencyHistogram::BucketOf(v)), v);
}

TEST(LatencyHistogram, EveryValueIsWithinOneSixtyFourthOfItsBucketBound) {
  int previous_bucket = 0;
  for (int64_t v = 1; v < 4'000'000'000; v += 1 + v / 97) {
    const int bucket = LatencyHistogram::BucketOf(v);
    EXPECT_GE(bucket, previous_bucket) << "buckets must follow value order";
    previous_bucket = bucket;
    const int64_t bound = LatencyHistogram::UpperBoundOf(bucket);
    ASSERT_GE(bound, v);
    ASSERT_LE(bound - v, v / 64) << v;
  }
}

TEST(LatencyHistogram, PercentilesOfAKnownSpread) {
  LatencyHistogram histogram;
  for (int64_t v = 1; v <= 1000; ++v) histogram.Record(v);  // 1..1000 us
  EXPECT_EQ(histogram.count(), 1000);
  EXPECT_NEAR(static_cast<double>(histogram.Percentile(50)), 500, 500 / 64.0);
  EXPECT_NEAR(static_cast<double>(histogram.Percentile(99)), 990, 990 / 64.0);
  EXPECT_EQ(histogram.Percentile(100), 1000);
  EXPECT_EQ(histogram.max(), 1000);
}

TEST(LatencyHistogram, MergeAddsCountsAndKeepsTheMax) {
  LatencyHistogram a;
  LatencyHistogram b;
  a.Record(10);
  b.Record(20'000);
  b.Record(30);
  a.Merge(b);
  EXPECT_EQ(a.count(), 3);
  EXPECT_EQ(a.max(), 20'000);
  EXPECT_EQ(a.Percentile(50), 30);
}

}  // namespace
}  // namespace coalition::bench
