// Drives one operation from many threads for a fixed time and measures it.
//
// Closed loop: `concurrency` clients, each issuing its next call when the last returns; shows the
// saturation throughput. Open loop: calls scheduled at a fixed `rate_per_s` whatever happens,
// picked up by `concurrency` threads; latency is taken from each call's scheduled start, so time
// spent queueing behind a slow system counts (no coordinated omission).
//
//   LoadOptions options{.mode = LoadMode::kOpen, .concurrency = 64, .rate_per_s = 1000};
//   LoadResult result = RunLoad(options, [&](int worker, Rng& rng) { return CallOnce(rng); });
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <random>

#include "absl/time/time.h"
#include "bench/latency_histogram.h"
#include "grpcpp/support/status.h"

namespace coalition::bench {

enum class LoadMode { kClosed, kOpen };

struct LoadOptions {
  LoadMode mode = LoadMode::kClosed;
  int concurrency = 8;
  int64_t rate_per_s = 0;  // open loop only
  absl::Duration warmup = absl::Seconds(2);
  absl::Duration duration = absl::Seconds(10);
  uint64_t seed = 1;
};

using Rng = std::mt19937_64;
// One call; returns its status code. `worker` is the calling thread's index.
using Operation = std::function<grpc::StatusCode(int worker, Rng& rng)>;

struct LoadResult {
  LatencyHistogram latency_us;  // successful calls only
  int64_t ok = 0;
  std::map<grpc::StatusCode, int64_t> errors;  // by status code
  absl::Duration measured;                     // the measured window (after warm-up)
  int64_t late_starts = 0;                     // open loop: calls started > 1 ms after schedule
};

LoadResult RunLoad(const LoadOptions& options, const Operation& operation);

}  // namespace coalition::bench
