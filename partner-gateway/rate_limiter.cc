#include "partner-gateway/rate_limiter.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace coalition::gateway {
namespace {

constexpr int64_t kCall = 1000;  // a call, in thousandths
// "<ms>" or "<ms> hold".
constexpr absl::string_view kRetryAfterPayload = "coalition.gateway/retry-after";

}  // namespace

RateLimiter::Result RateLimiter::Take(const std::string& caller) {
  Shard& shard = shards_[std::hash<std::string>{}(caller) % kShards];
  const absl::Time now = clock_.Now();
  absl::MutexLock lock(&shard.mu);
  if (shard.buckets.size() >= kPruneAbove && !shard.buckets.contains(caller)) {
    DropFullBuckets(shard, now);
  }
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
    bucket.refused = false;
    return {absl::ZeroDuration()};
  }
  // Rounded up to a whole millisecond: retrying then always finds the token.
  const int64_t missing = kCall - bucket.millitokens;
  const bool again = std::exchange(bucket.refused, true);
  return {absl::Milliseconds((missing + limit_.rate_per_s - 1) / limit_.rate_per_s), again};
}

void RateLimiter::DropFullBuckets(Shard& shard, absl::Time now) {
  const int64_t full = limit_.burst * kCall;
  for (auto it = shard.buckets.begin(); it != shard.buckets.end();) {
    const int64_t elapsed_ms =
        std::max<int64_t>(0, absl::ToInt64Milliseconds(now - it->second.refilled));
    // Compared by division, not by multiplying: an old bucket's elapsed time is unbounded.
    if (elapsed_ms >= (full - it->second.millitokens + limit_.rate_per_s - 1) / limit_.rate_per_s) {
      shard.buckets.erase(it++);
    } else {
      ++it;
    }
  }
}

size_t RateLimiter::buckets() const {
  size_t count = 0;
  for (const Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    count += shard.buckets.size();
  }
  return count;
}

absl::Status OverLimit(absl::string_view message, const RateLimiter::Result& refused) {
  const int64_t wait_ms =
      absl::ToInt64Milliseconds(absl::Ceil(refused.wait, absl::Milliseconds(1)));
  absl::Status status =
      absl::ResourceExhaustedError(absl::StrCat(message, "; retry in ", wait_ms, " ms"));
  status.SetPayload(kRetryAfterPayload,
                    absl::Cord(absl::StrCat(wait_ms, refused.again ? " hold" : "")));
  return status;
}

std::optional<RetryAfter> RetryAfterOf(const absl::Status& status) {
  const auto payload = status.GetPayload(kRetryAfterPayload);  // an absl::optional
  if (!payload) return std::nullopt;
  const std::string text(*payload);
  RetryAfter retry;
  retry.hold = absl::EndsWith(text, " hold");
  if (!absl::SimpleAtoi(text.substr(0, text.find(' ')), &retry.ms)) return std::nullopt;
  return retry;
}

}  // namespace coalition::gateway
