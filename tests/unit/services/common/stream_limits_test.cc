// Caps on open streams: per caller, in all, and slots freed when the streams end.
#include "services/common/stream_limits.h"

#include <optional>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tests/matchers/status_matchers.h"

namespace coalition {
namespace {

TEST(StreamLimits, ACallerGetsItsCapAndOthersStillGetTheirs) {
  StreamLimits limits({.per_caller = 2, .total = 10});
  std::vector<StreamSlot> hotel;
  for (int i = 0; i < 2; ++i) hotel.push_back(*limits.Acquire("partner:hotel"));
  const absl::StatusOr<StreamSlot> third = limits.Acquire("partner:hotel");
  EXPECT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(third.status().message(),
            "open streams: 'partner:hotel' already has 2, the most one caller may have open "
            "(max_streams_per_caller); close one before opening another");
  EXPECT_THAT(limits.Acquire("partner:grocer"), IsOk());  // its slot is freed at once
  EXPECT_EQ(limits.open(), 2);

  hotel.pop_back();  // a stream ends: its slot is free again
  EXPECT_EQ(limits.open(), 1);
  EXPECT_THAT(limits.Acquire("partner:hotel"), IsOk());
}

TEST(StreamLimits, TheProcessCapHoldsAcrossCallers) {
  StreamLimits limits({.per_caller = 2, .total = 3});
  std::vector<StreamSlot> open;
  for (const char* caller : {"a", "a", "b"}) open.push_back(*limits.Acquire(caller));
  const absl::StatusOr<StreamSlot> refused = limits.Acquire("c");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(refused.status().message(),
            "open streams: 3 are open, the most this server takes (max_streams); retry later");
  // A moved slot is released once, by its new owner.
  std::optional<StreamSlot> moved(std::move(open.back()));
  open.pop_back();
  EXPECT_EQ(limits.open(), 3);
  moved.reset();
  EXPECT_EQ(limits.open(), 2);
  EXPECT_THAT(limits.Acquire(""), IsOk());  // callers who name none share one count
}

}  // namespace
}  // namespace coalition
