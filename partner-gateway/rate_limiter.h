// Per-caller rate limits: a token bucket per identity, refilled at `rate_per_s` up to `burst`.
// Buckets live in shards with a lock each, so one caller's flood contends only with the callers
// that share its shard, and never waits on the services.
//
//   RateLimiter limiter(clock, {.rate_per_s = 200, .burst = 400});
//   if (const auto wait = limiter.Take("hotel"); wait > absl::ZeroDuration()) ... refuse ...
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
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

  // Takes a token for `caller`: zero if it had one, else how long until it will (nothing taken).
  absl::Duration Take(const std::string& caller);

 private:
  // In thousandths of a call, so refills are exact integers.
  struct Bucket {
    int64_t millitokens = 0;
    absl::Time refilled;
  };
  struct Shard {
    absl::Mutex mu;
    absl::flat_hash_map<std::string, Bucket> buckets ABSL_GUARDED_BY(mu);
  };
  static constexpr size_t kShards = 16;

  const Clock& clock_;
  const RateLimit limit_;
  std::array<Shard, kShards> shards_;
};

}  // namespace coalition::gateway
