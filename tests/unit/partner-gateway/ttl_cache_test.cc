#include "partner-gateway/ttl_cache.h"

#include "gtest/gtest.h"

namespace coalition::gateway {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'700'000'000);

TEST(TtlCache, AnswersUntilItsTimeIsUp) {
  TtlCache<int> cache(absl::Seconds(2), 10);
  cache.Put("a", 1, kStart);
  EXPECT_EQ(cache.Find("a", kStart + absl::Milliseconds(1999)), 1);
  EXPECT_EQ(cache.Find("a", kStart + absl::Seconds(2)), std::nullopt);
  EXPECT_EQ(cache.Find("b", kStart), std::nullopt);
}

TEST(TtlCache, ForgetsOnRequestAndStartsOverWhenFull) {
  TtlCache<int> cache(absl::Seconds(2), 2);
  cache.Put("a", 1, kStart);
  cache.Forget("a");
  EXPECT_EQ(cache.Find("a", kStart), std::nullopt);
  cache.Put("a", 1, kStart);
  cache.Put("b", 2, kStart);
  cache.Put("c", 3, kStart);  // full: the others go
  EXPECT_EQ(cache.Find("a", kStart), std::nullopt);
  EXPECT_EQ(cache.Find("c", kStart), 3);
}

}  // namespace
}  // namespace coalition::gateway
