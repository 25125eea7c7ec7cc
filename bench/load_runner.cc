#include "bench/load_runner.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/time/clock.h"

namespace coalition::bench {
namespace {

struct WorkerResult {
  LatencyHistogram latency_us;
  int64_t ok = 0;
  std::map<grpc::StatusCode, int64_t> errors;
  int64_t items_ok = 0;
  std::map<grpc::StatusCode, int64_t> item_errors;
  int64_t late_starts = 0;
};

void Count(WorkerResult& result, const CallOutcome& outcome, absl::Time started,
           absl::Time measure_from, absl::Time finished) {
  if (started < measure_from) return;  // warm-up
  if (outcome.code == grpc::StatusCode::OK) {
    ++result.ok;
    result.latency_us.Record(absl::ToInt64Microseconds(finished - started));
    result.items_ok += outcome.items_ok;
    for (const auto& [code, n] : outcome.item_errors) result.item_errors[code] += n;
  } else {
    ++result.errors[outcome.code];
  }
}

}  // namespace

LoadResult RunLoad(const LoadOptions& options, const Operation& operation) {
  const absl::Time start = absl::Now() + absl::Milliseconds(50);  // threads are up by then
  const absl::Time measure_from = start + options.warmup;
  const absl::Time end = measure_from + options.duration;
  std::vector<WorkerResult> results(static_cast<size_t>(options.concurrency));
  std::atomic<int64_t> next_slot{0};
  const absl::Duration interval =
      options.rate_per_s > 0 ? absl::Seconds(1) / options.rate_per_s : absl::ZeroDuration();

  std::vector<std::thread> workers;
  for (int w = 0; w < options.concurrency; ++w) {
    workers.emplace_back([&, w] {
      Rng rng(options.seed * 1'000'003 + static_cast<uint64_t>(w));
      WorkerResult& result = results[static_cast<size_t>(w)];
      absl::SleepFor(start - absl::Now());
      if (options.mode == LoadMode::kClosed) {
        for (absl::Time now = absl::Now(); now < end; now = absl::Now()) {
          const CallOutcome outcome = operation(w, rng);
          Count(result, outcome, now, measure_from, absl::Now());
        }
        return;
      }
      for (;;) {
        const absl::Time scheduled = start + interval * next_slot.fetch_add(1);
        if (scheduled >= end) return;
        absl::SleepFor(scheduled - absl::Now());
        if (absl::Now() - scheduled > absl::Milliseconds(1)) ++result.late_starts;
        const CallOutcome outcome = operation(w, rng);
        Count(result, outcome, scheduled, measure_from, absl::Now());
      }
    });
  }
  for (std::thread& worker : workers) worker.join();

  LoadResult total;
  total.measured = options.duration;
  for (const WorkerResult& result : results) {
    total.latency_us.Merge(result.latency_us);
    total.ok += result.ok;
    total.late_starts += result.late_starts;
    for (const auto& [code, n] : result.errors) total.errors[code] += n;
    total.items_ok += result.items_ok;
    for (const auto& [code, n] : result.item_errors) total.item_errors[code] += n;
  }
  return total;
}

}  // namespace coalition::bench
