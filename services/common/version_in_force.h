// Which version of a partner's effective-dated settings (earn rules, burn terms) is in force at
// a time: the latest effective_time at or before it; of two with the same, the higher version;
// none before the first. T has version and effective_time fields.
//
//   std::optional<v1::EarnRules> rules = VersionInForce(versions, purchase_time);
#pragma once

#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/proto_time.h"
#include "services/common/time_validation.h"

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

// Readies a draft version for publication at `now`: in force from now if it names no time, its
// version left for the store to number, stamped with its creation time. INVALID_ARGUMENT naming
// `field` ("rules", "terms") if it would start in the past (a second of slack for the caller's
// clock) or its effective_time is not a valid Timestamp: the versions in force for what already
// happened never change.
template <typename T>
absl::Status PrepareNewVersion(T& draft, absl::Time now, absl::string_view field) {
  if (draft.has_effective_time()) {
    const absl::Status valid =
        ValidateTimestamp(absl::StrCat(field, ".effective_time"), draft.effective_time());
    if (!valid.ok()) return valid;
  } else {
    *draft.mutable_effective_time() = ToProtoTime(now);
  }
  if (ProtoTimeToMicros(draft.effective_time()) < absl::ToUnixMicros(now - absl::Seconds(1))) {
    return absl::InvalidArgumentError(
        absl::StrCat(field,
                     ".effective_time: must not be in the past: publish a version that "
                     "starts now or later"));
  }
  draft.clear_version();
  *draft.mutable_create_time() = ToProtoTime(now);
  return absl::OkStatus();
}

}  // namespace coalition
