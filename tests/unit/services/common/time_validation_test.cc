// Request times and durations (services/common/time_validation.h) at their boundaries.
#include "services/common/time_validation.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/proto_time.h"
#include "tests/unit/services/common/timestamps.h"

namespace coalition {
namespace {

using ::testing::StartsWith;

google::protobuf::Duration Span(int64_t seconds, int32_t nanos) {
  google::protobuf::Duration duration;
  duration.set_seconds(seconds);
  duration.set_nanos(nanos);
  return duration;
}

TEST(ValidateTimestamp, AcceptsTheTimestampRangeAndNothingElse) {
  struct Case {
    int64_t seconds;
    int32_t nanos;
    std::string error;  // the message's start; empty: valid
  };
  const std::string nanos_error = "purchase_time: nanos must be 0 to 999999999, got ";
  const std::string range_error = "purchase_time: must be from 0001-01-01 to 9999-12-31 UTC";
  const std::vector<Case> cases = {
      {0, 0, ""},
      {1'795'000'000, 999'999'999, ""},
      {kMinTimestampSeconds, 0, ""},            // 0001-01-01T00:00:00Z
      {kMaxTimestampSeconds, 999'999'999, ""},  // 9999-12-31T23:59:59.999999999Z
      {-1, 500, ""},                            // before the epoch is a time like any other
      {0, -1, nanos_error + "-1"},
      {0, 1'000'000'000, nanos_error + "1000000000"},
      {0, std::numeric_limits<int32_t>::min(), nanos_error},
      {kMinTimestampSeconds - 1, 0, range_error},
      {kMaxTimestampSeconds + 1, 0, range_error},
      {kInt64Max, 0, range_error},
      {kInt64Min, 0, range_error},
      // As far as micros since the epoch can go (and a little beyond): still refused by name.
      {kInt64Max / 1'000'000, 0, range_error},
      {kInt64Max / 1'000'000 + 1, 0, range_error},
  };
  for (const Case& c : cases) {
    const absl::Status status = ValidateTimestamp("purchase_time", Time(c.seconds, c.nanos));
    if (c.error.empty()) {
      EXPECT_TRUE(status.ok()) << c.seconds << "." << c.nanos << ": " << status;
      continue;
    }
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.seconds << "." << c.nanos;
    EXPECT_THAT(std::string(status.message()), StartsWith(c.error));
  }
  EXPECT_EQ(ValidateTimestamp("t", Time(kMaxTimestampSeconds + 1, 0)).message(),
            "t: must be from 0001-01-01 to 9999-12-31 UTC (seconds -62135596800 to "
            "253402300799), got seconds 253402300800");
}

TEST(RequestTime, IsTheInstantTheTimestampNames) {
  EXPECT_EQ(*RequestTime("at", Time(1'795'000'000, 250'000'000)),
            absl::FromUnixMillis(1'795'000'000'250));
  EXPECT_EQ(*RequestTime("at", Time(kMaxTimestampSeconds, 999'999'999)),
            absl::FromCivil(absl::CivilSecond(9999, 12, 31, 23, 59, 59), absl::UTCTimeZone()) +
                absl::Microseconds(999'999));
  EXPECT_EQ(*RequestTime("at", Time(kMinTimestampSeconds, 0)),
            absl::FromCivil(absl::CivilSecond(1, 1, 1, 0, 0, 0), absl::UTCTimeZone()));
  EXPECT_EQ(RequestTime("effective_time", Time(kInt64Max, 0)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(DurationOrDefault, ZeroIsTheDefaultOneToMaxItselfAndAnythingElseRefused) {
  constexpr int64_t kDefault = 900;
  constexpr int64_t kMax = 7 * 24 * 3600;
  struct Case {
    int64_t value;
    int64_t expected;  // -1: refused
  };
  for (const Case& c : std::vector<Case>{{0, kDefault},
                                         {1, 1},
                                         {kMax, kMax},
                                         {-1, -1},
                                         {kMax + 1, -1},
                                         {std::numeric_limits<int32_t>::max(), -1},
                                         {std::numeric_limits<int32_t>::min(), -1}}) {
    const absl::StatusOr<int64_t> ttl = DurationOrDefault("ttl_s", c.value, kDefault, kMax);
    if (c.expected >= 0) {
      EXPECT_EQ(*ttl, c.expected) << c.value;
      continue;
    }
    EXPECT_EQ(ttl.status().code(), absl::StatusCode::kInvalidArgument) << c.value;
    EXPECT_EQ(
        ttl.status().message(),
        absl::StrCat("ttl_s: must be 1 to 604800, or 0 for the default of 900, got ", c.value));
  }
}

TEST(RequestDuration, IsAValidDurationWithinItsBounds) {
  const absl::Duration max = absl::Hours(24 * 30);
  EXPECT_EQ(*RequestDuration("old_key_valid_for", Span(0, 0), absl::ZeroDuration(), max),
            absl::ZeroDuration());
  EXPECT_EQ(*RequestDuration("old_key_valid_for", Span(3600, 500), absl::ZeroDuration(), max),
            absl::Seconds(3600) + absl::Nanoseconds(500));
  EXPECT_EQ(*RequestDuration("old_key_valid_for", Span(30 * 86'400, 0), absl::ZeroDuration(), max),
            max);
  struct Case {
    int64_t seconds;
    int32_t nanos;
    std::string error;
  };
  const std::string invalid = "old_key_valid_for: not a valid Duration";
  const std::string outside = "old_key_valid_for: must be 0 to 30 days, got ";
  for (const Case& c : std::vector<Case>{
           {30 * 86'400, 1, outside + "720h0.000000001s"},
           {0, -1, outside + "-1ns"},
           {-1, 0, outside + "-1s"},
           {1, -5, invalid},  // nanos of the other sign
           {-1, 5, invalid},
           {0, 1'000'000'000, invalid},
           {315'576'000'001, 0, invalid},  // beyond 10,000 years
           {kInt64Max, 0, invalid},
           {kInt64Min, 0, invalid},
       }) {
    const absl::StatusOr<absl::Duration> duration =
        RequestDuration("old_key_valid_for", Span(c.seconds, c.nanos), absl::ZeroDuration(), max);
    EXPECT_EQ(duration.status().code(), absl::StatusCode::kInvalidArgument)
        << c.seconds << "." << c.nanos;
    EXPECT_THAT(std::string(duration.status().message()), StartsWith(c.error));
  }
}

}  // namespace
}  // namespace coalition
