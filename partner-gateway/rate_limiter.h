// Per-caller rate limits: a token bucket per key (an identity, or a peer's address for attempts
// that are not authenticated), refilled at `rate_per_s` up to `burst`. Buckets live in shards
// with a lock each, so one caller's flood contends only with the callers that share its shard,
// and never waits on the services. A full bucket is the same as none, so full ones are dropped
// when a shard grows: memory follows the keys active in the last burst / rate seconds.
//
//   RateLimiter limiter(clock, {.rate_per_s = 200, .burst = 400});
//   const RateLimiter::Result taken = limiter.Take("hotel");
//   if (taken.wait > absl::ZeroDuration()) return OverLimit("rate limit: 'hotel' is over", taken);
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/clock.h"

namespace coalition::gateway {

struct RateLimit {
  int64_t rate_per_s = 200;
  int64_t burst = 400;
};

class RateLimiter {
 public:
  RateLimiter(const Clock& clock, RateLimit limit) : clock_(clock), limit_(limit) {}

  struct Result {
    absl::Duration wait;  // zero if a token was taken; else how long until there will be one
    // Refused before since it last had a token: the caller is calling again without waiting
    // (a flood from many clients at once, or one ignoring retry-after-ms).
    bool again = false;
  };
  // Takes a token for `caller` if it has one (nothing is taken otherwise).
  Result Take(const std::string& caller);

  // How many buckets are held (for tests).
  size_t buckets() const;

 private:
  // In thousandths of a call, so refills are exact integers.
  struct Bucket {
    int64_t millitokens = 0;
    absl::Time refilled;
    bool refused = false;  // since the last token taken
  };
  struct Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<std::string, Bucket> buckets ABSL_GUARDED_BY(mu);
  };
  static constexpr size_t kShards = 16;
  // A shard this large drops its full buckets before adding one.
  static constexpr size_t kPruneAbove = 4096;

  void DropFullBuckets(Shard& shard, absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);

  const Clock& clock_;
  const RateLimit limit_;
  std::array<Shard, kShards> shards_;
};

// RESOURCE_EXHAUSTED "<message>; retry in N ms", carrying N for the `retry-after-ms` trailer
// (RetryAfterOf). The wait is rounded up, so a retry then always finds a token.
absl::Status OverLimit(absl::string_view message, const RateLimiter::Result& refused);

struct RetryAfter {
  int64_t ms = 0;
  // The caller is calling again without waiting: its answer is held for `ms` before it is
  // given, so a flood waits on its own calls rather than spinning the gateway's CPU.
  bool hold = false;
};
// What an OverLimit status carries; nullopt for any other.
std::optional<RetryAfter> RetryAfterOf(const absl::Status& status);

}  // namespace coalition::gateway
