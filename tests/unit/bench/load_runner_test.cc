#include "bench/load_runner.h"

#include <atomic>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace coalition::bench {
namespace {

LoadOptions Brief() {
  LoadOptions options;
  options.concurrency = 2;
  options.warmup = absl::ZeroDuration();
  options.duration = absl::Milliseconds(300);  // both threads start in time on a busy machine
  return options;
}

TEST(RunLoad, BatchItemsAreCountedForSuccessfulCallsOnly) {
  std::atomic<int64_t> calls{0};
  const LoadResult result = RunLoad(Brief(), [&](int, Rng&) {
    if (calls++ % 2 == 1) return CallOutcome(grpc::StatusCode::UNAVAILABLE);
    absl::SleepFor(absl::Milliseconds(1));
    CallOutcome outcome(grpc::StatusCode::OK);
    outcome.items_ok = 7;
    outcome.item_errors[grpc::StatusCode::INVALID_ARGUMENT] = 3;
    return outcome;
  });

  ASSERT_GT(result.ok, 0);
  EXPECT_EQ(result.items_ok, 7 * result.ok);
  ASSERT_EQ(result.item_errors.size(), 1u);
  EXPECT_EQ(result.item_errors.at(grpc::StatusCode::INVALID_ARGUMENT), 3 * result.ok);
  EXPECT_EQ(result.latency_us.count(), result.ok);
}

TEST(RunLoad, OneItemCallsCountNoItems) {
  const LoadResult result =
      RunLoad(Brief(), [](int, Rng&) -> CallOutcome { return grpc::StatusCode::OK; });

  EXPECT_GT(result.ok, 0);
  EXPECT_EQ(result.items_ok, 0);
  EXPECT_TRUE(result.item_errors.empty());
  EXPECT_TRUE(result.errors.empty());
}

}  // namespace
}  // namespace coalition::bench
