// The gateway's token buckets, on a fake clock.
#include "partner-gateway/rate_limiter.h"

#include "gtest/gtest.h"

namespace coalition::gateway {
namespace {

TEST(RateLimiter, ABurstPassesThenCallsWaitForTheRefillPerCaller) {
  FakeClock clock(absl::FromUnixSeconds(1'800'000'000));
  RateLimiter limiter(clock, {.rate_per_s = 10, .burst = 3});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("hotel"), absl::ZeroDuration());
  EXPECT_EQ(limiter.Take("hotel"), absl::Milliseconds(100));  // one call per 100 ms
  EXPECT_EQ(limiter.Take("grocer"), absl::ZeroDuration());    // a bucket of its own

  clock.Advance(absl::Milliseconds(40));
  EXPECT_EQ(limiter.Take("hotel"), absl::Milliseconds(60));
  clock.Advance(absl::Milliseconds(60));
  EXPECT_EQ(limiter.Take("hotel"), absl::ZeroDuration());
  EXPECT_GT(limiter.Take("hotel"), absl::ZeroDuration());

  clock.Advance(absl::Hours(1));  // never more than the burst, however long it was quiet
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("hotel"), absl::ZeroDuration());
  EXPECT_GT(limiter.Take("hotel"), absl::ZeroDuration());
}

}  // namespace
}  // namespace coalition::gateway
