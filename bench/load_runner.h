// Drives one operation from many threads for a fixed time and measures it.
//
// Closed loop: `concurrency` clients, each issuing its next call when the last returns; shows the
// saturation throughput. Open loop: calls scheduled at a fixed `rate_per_s` whatever happens,
// picked up by `concurrency` threads; latency is taken from each call's scheduled start, so time
// spent queueing behind a slow system counts (no coordinated omission).
//
//   LoadOptions options{.mode = LoadMode::kOpen, .concurrency = 64, .rate_per_s = 1000};
//   LoadResult result = RunLoad(options, [&](int worker, Rng& rng) { return CallOnce(rng); });
//
// A batch call (RecordPurchases) returns a CallOutcome with its items' own results: the run
// then counts items as well as calls.
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

// What one call did: its status and, for a call carrying a batch, how each item in it fared (a
// batch call answers OK with an outcome per item).
struct CallOutcome {
  // A call of one item is just its status: operations return the code (implicit on purpose).
  // NOLINTNEXTLINE(google-explicit-constructor)
  CallOutcome(grpc::StatusCode call_code) : code(call_code) {}
  grpc::StatusCode code;
  int64_t items_ok = 0;                             // batch calls only
  std::map<grpc::StatusCode, int64_t> item_errors;  // batch calls only, by the item's code
};

// One call. `worker` is the calling thread's index.
using Operation = std::function<CallOutcome(int worker, Rng& rng)>;

struct LoadResult {
  LatencyHistogram latency_us;  // successful calls only
  int64_t ok = 0;
  std::map<grpc::StatusCode, int64_t> errors;  // by status code
  // Batch calls: the items of the successful calls that succeeded, and the others by their code
  // (a failed call's items are in neither: the call is in `errors`).
  int64_t items_ok = 0;
  std::map<grpc::StatusCode, int64_t> item_errors;
  absl::Duration measured;  // the measured window (after warm-up)
  int64_t late_starts = 0;  // open loop: calls started > 1 ms after schedule
};

LoadResult RunLoad(const LoadOptions& options, const Operation& operation);

}  // namespace coalition::bench
