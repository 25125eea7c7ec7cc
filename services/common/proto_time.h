// absl::Time <-> google.protobuf.Timestamp and the microsecond integers the schemas store.
//
// A Timestamp from a client may hold anything; check it with ValidateTimestamp
// (services/common/time_validation.h) before using it. The conversions here are then exact, and
// for any other input they are still defined (no overflow), just clamped.
#pragma once

#include <algorithm>
#include <cstdint>

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace coalition {

// google.protobuf.Timestamp's own range (google/protobuf/timestamp.proto):
// 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z. Microseconds since the epoch anywhere
// in it are below 2.6 x 10^17 in size, far inside int64 (9.2 x 10^18).
inline constexpr int64_t kMinTimestampSeconds = -62'135'596'800;
inline constexpr int64_t kMaxTimestampSeconds = 253'402'300'799;
inline constexpr int32_t kNanosPerSecond = 1'000'000'000;

inline google::protobuf::Timestamp ToProtoTime(absl::Time time) {
  google::protobuf::Timestamp out;
  const int64_t micros = absl::ToUnixMicros(time);
  int64_t seconds = micros / 1'000'000;
  int64_t remainder_us = micros % 1'000'000;
  if (remainder_us < 0) {
    remainder_us += 1'000'000;
    --seconds;
  }
  out.set_seconds(seconds);
  out.set_nanos(static_cast<int32_t>(remainder_us * 1000));
  return out;
}

inline google::protobuf::Timestamp MicrosToProtoTime(int64_t unix_micros) {
  return ToProtoTime(absl::FromUnixMicros(unix_micros));
}

// Microseconds since the epoch, rounded down. Exact for a valid Timestamp; anything else is first
// clamped into the valid range (seconds to [kMinTimestampSeconds, kMaxTimestampSeconds], nanos to
// [0, 10^9)), so no input overflows. Clamping is not validation: a request's Timestamp must be
// refused with ValidateTimestamp, not silently moved.
inline int64_t ProtoTimeToMicros(const google::protobuf::Timestamp& time) {
  const int64_t seconds =
      std::clamp<int64_t>(time.seconds(), kMinTimestampSeconds, kMaxTimestampSeconds);
  const int32_t nanos = std::clamp<int32_t>(time.nanos(), 0, kNanosPerSecond - 1);
  return seconds * 1'000'000 + nanos / 1000;
}

}  // namespace coalition
