#include "bench/latency_histogram.h"

#include <algorithm>
#include <bit>

namespace coalition::bench {

// Values below 128 have a bucket each. Above, a value v with bit width w is shifted right by
// s = w - 7, leaving 64..127, and lands in bucket 64*s + (v >> s): buckets 128..191 for s = 1,
// 192..255 for s = 2, and so on, contiguous and ordered like the values.
int LatencyHistogram::BucketOf(int64_t value_us) {
  const auto value = static_cast<uint64_t>(std::max<int64_t>(value_us, 0));
  if (value < 128) return static_cast<int>(value);
  const int shift = static_cast<int>(std::bit_width(value)) - 7;
  return std::min(64 * shift + static_cast<int>(value >> shift), kBuckets - 1);
}

int64_t LatencyHistogram::UpperBoundOf(int bucket) {
  if (bucket < 128) return bucket;
  const int shift = (bucket - 64) / 64;
  const int64_t mantissa = bucket - 64 * shift;
  return ((mantissa + 1) << shift) - 1;
}

void LatencyHistogram::Record(int64_t value_us) {
  ++counts_[static_cast<size_t>(BucketOf(value_us))];
  ++count_;
  max_ = std::max(max_, value_us);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

int64_t LatencyHistogram::Percentile(double percent) const {
  if (count_ == 0) return 0;
  // The rank of the value sought, 1-based: ceil(percent% of count).
  const auto rank = std::max<int64_t>(
      1, static_cast<int64_t>(percent / 100.0 * static_cast<double>(count_) + 0.999999));
  int64_t seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(UpperBoundOf(static_cast<int>(i)), max_);
  }
  return max_;
}

}  // namespace coalition::bench
