#include "partner-gateway/rate_limiter.h"

#include <algorithm>
#include <functional>

namespace coalition::gateway {

absl::Duration RateLimiter::Take(const std::string& caller) {
  Shard& shard = shards_[std::hash<std::string>{}(caller) % kShards];
  const absl::Time now = clock_.Now();
  absl::MutexLock lock(&shard.mu);
  constexpr int64_t kCall = 1000;
  auto [it, is_new] = shard.buckets.try_emplace(caller, Bucket{limit_.burst * kCall, now});
  Bucket& bucket = it->second;
  if (!is_new) {
    // rate_per_s calls a second is rate_per_s thousandths of a call a millisecond.
    const int64_t elapsed_ms =
        std::max<int64_t>(0, absl::ToInt64Milliseconds(now - bucket.refilled));
    const int64_t refill = elapsed_ms * limit_.rate_per_s;
    bucket.millitokens = std::min(limit_.burst * kCall, bucket.millitokens + refill);
    // Keep the part of a millisecond not yet counted for the next refill.
    bucket.refilled += absl::Milliseconds(elapsed_ms);
  }
  if (bucket.millitokens >= kCall) {
    bucket.millitokens -= kCall;
    return absl::ZeroDuration();
  }
  // Rounded up to a whole millisecond: retrying then always finds the token.
  const int64_t missing = kCall - bucket.millitokens;
  return absl::Milliseconds((missing + limit_.rate_per_s - 1) / limit_.rate_per_s);
}

}  // namespace coalition::gateway
