// Timestamps at and beyond their range, as the time unit tests build them.
#pragma once

#include <cstdint>
#include <limits>

#include "google/protobuf/timestamp.pb.h"

namespace coalition {

inline constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
inline constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

inline google::protobuf::Timestamp Time(int64_t seconds, int32_t nanos) {
  google::protobuf::Timestamp time;
  time.set_seconds(seconds);
  time.set_nanos(nanos);
  return time;
}

}  // namespace coalition
