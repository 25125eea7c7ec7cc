// The conversion of any Timestamp to microseconds without overflow (proto_time.h).
#include "services/common/proto_time.h"

#include <cstdint>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/services/common/timestamps.h"

namespace coalition {
namespace {

TEST(ProtoTimeToMicros, IsExactInTheRangeAndNeverOverflowsOutsideIt) {
  EXPECT_EQ(ProtoTimeToMicros(Time(0, 0)), 0);
  EXPECT_EQ(ProtoTimeToMicros(Time(1, 999'999'999)), 1'999'999);  // rounded down
  EXPECT_EQ(ProtoTimeToMicros(Time(-1, 1'000)), -999'999);
  EXPECT_EQ(ProtoTimeToMicros(Time(kMaxTimestampSeconds, 999'999'999)),
            kMaxTimestampSeconds * 1'000'000 + 999'999);
  EXPECT_EQ(ProtoTimeToMicros(Time(kMinTimestampSeconds, 0)), kMinTimestampSeconds * 1'000'000);
  // Invalid ones (which requests refuse first) are clamped, never wrapped: a far future stays far
  // in the future rather than overflowing into some other time.
  EXPECT_EQ(ProtoTimeToMicros(Time(kInt64Max, 999'999'999)),
            kMaxTimestampSeconds * 1'000'000 + 999'999);
  EXPECT_EQ(ProtoTimeToMicros(Time(kInt64Min, 0)), kMinTimestampSeconds * 1'000'000);
  EXPECT_EQ(ProtoTimeToMicros(Time(0, -1)), 0);
  EXPECT_EQ(ProtoTimeToMicros(Time(0, std::numeric_limits<int32_t>::max())), 999'999);
  // And the round trip of a valid time.
  const google::protobuf::Timestamp time = Time(1'795'000'000, 123'456'000);
  EXPECT_EQ(MicrosToProtoTime(ProtoTimeToMicros(time)).SerializeAsString(),
            time.SerializeAsString());
}

}  // namespace
}  // namespace coalition
