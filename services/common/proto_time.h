// absl::Time <-> google.protobuf.Timestamp and the microsecond integers the schemas store.
#pragma once

#include <cstdint>

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace coalition {

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

inline int64_t ProtoTimeToMicros(const google::protobuf::Timestamp& time) {
  return time.seconds() * 1'000'000 + time.nanos() / 1000;
}

}  // namespace coalition
