// The gateway's token buckets, on a fake clock.
#include "partner-gateway/rate_limiter.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace coalition::gateway {
namespace {

TEST(RateLimiter, ABurstPassesThenCallsWaitForTheRefillPerCaller) {
  FakeClock clock(absl::FromUnixSeconds(1'800'000'000));
  RateLimiter limiter(clock, {.rate_per_s = 10, .burst = 3});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("hotel").wait, absl::ZeroDuration());
  EXPECT_EQ(limiter.Take("hotel").wait, absl::Milliseconds(100));  // one call per 100 ms
  EXPECT_EQ(limiter.Take("grocer").wait, absl::ZeroDuration());    // a bucket of its own

  clock.Advance(absl::Milliseconds(40));
  EXPECT_EQ(limiter.Take("hotel").wait, absl::Milliseconds(60));
  clock.Advance(absl::Milliseconds(60));
  EXPECT_EQ(limiter.Take("hotel").wait, absl::ZeroDuration());
  EXPECT_GT(limiter.Take("hotel").wait, absl::ZeroDuration());

  clock.Advance(absl::Hours(1));  // never more than the burst, however long it was quiet
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Take("hotel").wait, absl::ZeroDuration());
  EXPECT_GT(limiter.Take("hotel").wait, absl::ZeroDuration());
}

TEST(RateLimiter, KeepsOnlyTheBucketsOfRecentCallers) {
  FakeClock clock(absl::FromUnixSeconds(1'800'000'000));
  RateLimiter limiter(clock, {.rate_per_s = 10, .burst = 2});  // full again 200 ms after use
  // A new address every millisecond (as a flood from many addresses), each spending its burst.
  for (int i = 0; i < 100'000; ++i) {
    const std::string peer = absl::StrCat("ipv4:10.", i / 65536, ".", i / 256 % 256, ".", i % 256);
    EXPECT_EQ(limiter.Take(peer).wait, absl::ZeroDuration());
    EXPECT_EQ(limiter.Take(peer).wait, absl::ZeroDuration());
    EXPECT_GT(limiter.Take(peer).wait, absl::ZeroDuration());
    clock.Advance(absl::Milliseconds(1));
  }
  EXPECT_LE(limiter.buckets(), 16u * 4096u);  // not 100,000
  // The last addresses are still owed their wait: only full buckets were dropped.
  EXPECT_GT(limiter.Take("ipv4:10.1.134.159").wait, absl::ZeroDuration());  // address 99,999
}

TEST(RateLimiter, ACallerRefusedAgainBeforeItsNextTokenIsCallingWithoutWaiting) {
  FakeClock clock(absl::FromUnixSeconds(1'800'000'000));
  RateLimiter limiter(clock, {.rate_per_s = 10, .burst = 1});
  EXPECT_EQ(limiter.Take("hotel").wait, absl::ZeroDuration());
  const RateLimiter::Result first = limiter.Take("hotel");
  EXPECT_EQ(first.wait, absl::Milliseconds(100));
  EXPECT_FALSE(first.again);  // a client that waits as told is refused at most once per token
  clock.Advance(absl::Milliseconds(10));
  const RateLimiter::Result second = limiter.Take("hotel");
  EXPECT_EQ(second.wait, absl::Milliseconds(90));
  EXPECT_TRUE(second.again);
  EXPECT_TRUE(limiter.Take("hotel").again);
  clock.Advance(absl::Milliseconds(90));
  EXPECT_EQ(limiter.Take("hotel").wait, absl::ZeroDuration());
  EXPECT_FALSE(limiter.Take("hotel").again);  // a new token, a new first refusal
}

TEST(RateLimiter, OverLimitCarriesItsWaitForTheTrailerAndWhetherToHoldTheAnswer) {
  const absl::Status status =
      OverLimit("rate limit: 'hotel' is over", {absl::Microseconds(1'500), false});
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(status.message(), "rate limit: 'hotel' is over; retry in 2 ms");
  ASSERT_TRUE(RetryAfterOf(status).has_value());
  EXPECT_EQ(RetryAfterOf(status)->ms, 2);
  EXPECT_FALSE(RetryAfterOf(status)->hold);
  EXPECT_TRUE(RetryAfterOf(OverLimit("over", {absl::Milliseconds(7), true}))->hold);
  EXPECT_EQ(RetryAfterOf(absl::ResourceExhaustedError("message too large")), std::nullopt);
  EXPECT_EQ(RetryAfterOf(absl::OkStatus()), std::nullopt);
}

}  // namespace
}  // namespace coalition::gateway
