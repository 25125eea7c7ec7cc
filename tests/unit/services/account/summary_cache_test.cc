#include "services/account/summary_cache.h"

#include "gtest/gtest.h"

namespace coalition::account {
namespace {

v1::MemberSummary WithPoints(int64_t points) {
  v1::MemberSummary summary;
  summary.set_member_id("m1");
  summary.set_available_points(points);
  return summary;
}

const SummaryCache::Key kKey{"m1", 10, 3, 24'300};

TEST(SummaryCacheTest, AnswersOnlyAtTheVersionItWasReadAt) {
  SummaryCache cache;
  EXPECT_FALSE(cache.Find(kKey, 0).has_value());
  cache.Put(kKey, 4, WithPoints(100));
  ASSERT_TRUE(cache.Find(kKey, 4).has_value());
  EXPECT_EQ(cache.Find(kKey, 4)->available_points(), 100);
  EXPECT_FALSE(cache.Find(kKey, 5).has_value());  // a write moved the member on
}

TEST(SummaryCacheTest, EveryPartOfTheKeyCounts) {
  SummaryCache cache;
  cache.Put(kKey, 1, WithPoints(100));
  for (SummaryCache::Key other : {SummaryCache::Key{"m2", 10, 3, 24'300},
                                  SummaryCache::Key{"m1", 20, 3, 24'300},
                                  SummaryCache::Key{"m1", 10, 4, 24'300},
                                  SummaryCache::Key{"m1", 10, 3, 24'301}}) {
    EXPECT_FALSE(cache.Find(other, 1).has_value()) << other.member_id;
  }
}

TEST(SummaryCacheTest, AnOlderReadNeverReplacesANewerOne) {
  SummaryCache cache;
  cache.Put(kKey, 7, WithPoints(70));
  cache.Put(kKey, 6, WithPoints(60));  // a slower reader that read version 6
  EXPECT_EQ(cache.Find(kKey, 7)->available_points(), 70);
  EXPECT_FALSE(cache.Find(kKey, 6).has_value());
}

TEST(SummaryCacheTest, StartsAgainWhenFull) {
  SummaryCache cache(/*max_entries=*/2);
  cache.Put({"a", 10, 0, 0}, 1, WithPoints(1));
  cache.Put({"b", 10, 0, 0}, 1, WithPoints(2));
  cache.Put({"c", 10, 0, 0}, 1, WithPoints(3));
  EXPECT_FALSE(cache.Find({"a", 10, 0, 0}, 1).has_value());
  EXPECT_TRUE(cache.Find({"c", 10, 0, 0}, 1).has_value());
}

}  // namespace
}  // namespace coalition::account
