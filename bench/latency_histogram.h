// An HDR-style latency histogram: log-linear buckets with 64-127 sub-buckets per power of two,
// so any recorded value is reported within 1/64 (< 1.6%) of itself, in a fixed 4,096 counters
// whatever the run's length. One per load thread, merged at the end: recording takes no lock.
//
//   LatencyHistogram histogram;
//   histogram.Record(latency_us);
//   int64_t p99_us = histogram.Percentile(99.0);
#pragma once

#include <array>
#include <cstdint>

namespace coalition::bench {

class LatencyHistogram {
 public:
  void Record(int64_t value_us);
  void Merge(const LatencyHistogram& other);

  int64_t count() const { return count_; }
  int64_t max() const { return max_; }
  // The smallest bucket bound at or below which `percent` of the values lie (0 < percent <= 100),
  // never more than the largest value seen; 0 when empty.
  int64_t Percentile(double percent) const;

  // Bucket arithmetic, public for tests.
  static int BucketOf(int64_t value_us);
  static int64_t UpperBoundOf(int bucket);

 private:
  static constexpr int kBuckets = 64 * 64;
  std::array<int64_t, kBuckets> counts_{};
  int64_t count_ = 0;
  int64_t max_ = 0;
};

}  // namespace coalition::bench
