// Which version of a partner's effective-dated settings (earn rules, burn terms) is in force at
// a time: the latest effective_time at or before it; of two with the same, the higher version;
// none before the first. T has version and effective_time fields.
//
//   std::optional<v1::EarnRules> rules = VersionInForce(versions, purchase_time);
#pragma once

#include <optional>
#include <vector>

#include "absl/time/time.h"
#include "services/common/proto_time.h"

namespace coalition {

template <typename T>
std::optional<T> VersionInForce(const std::vector<T>& versions, absl::Time time) {
  const T* in_force = nullptr;
  for (const T& version : versions) {
    const int64_t start = ProtoTimeToMicros(version.effective_time());
    if (start > absl::ToUnixMicros(time)) continue;
    const bool later = in_force == nullptr ||
                       start > ProtoTimeToMicros(in_force->effective_time()) ||
                       (start == ProtoTimeToMicros(in_force->effective_time()) &&
                        version.version() > in_force->version());
    if (later) in_force = &version;
  }
  if (in_force == nullptr) return std::nullopt;
  return *in_force;
}

}  // namespace coalition
