// Checks of the times and durations a request carries: the one place every service (and the
// gateway's edge) checks them. Each failure is INVALID_ARGUMENT with a message that starts with
// the field's name, as in validation.h, and the request changes nothing.
//
//   ASSIGN_OR_RETURN(const absl::Time at, RequestTime("purchase_time", request.purchase_time()));
//   ASSIGN_OR_RETURN(const int64_t ttl_s,
//                    DurationOrDefault("ttl_s", request.ttl_s(), kDefaultHoldTtlS, kMaxHoldTtlS));
#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace coalition {

// A Timestamp as google/protobuf/timestamp.proto defines it: seconds from 0001-01-01 to
// 9999-12-31 UTC and nanos in [0, 10^9). That range also keeps microseconds since the epoch
// inside int64 (proto_time.h), so a valid Timestamp converts exactly.
absl::Status ValidateTimestamp(absl::string_view field, const google::protobuf::Timestamp& time);

// The instant a valid Timestamp names.
absl::StatusOr<absl::Time> RequestTime(absl::string_view field,
                                       const google::protobuf::Timestamp& time);

// A Duration as google/protobuf/duration.proto defines it (at most 10,000 years either way,
// nanos in (-10^9, 10^9) with the sign of seconds), and within [min, max].
absl::StatusOr<absl::Duration> RequestDuration(absl::string_view field,
                                               const google::protobuf::Duration& duration,
                                               absl::Duration min, absl::Duration max);

// A whole-unit duration a request may leave at 0 for the default (ttl_s, pending_ttl_days, ...):
// 0 gives `default_value`; 1 to `max` is itself; anything else (negative, above max) is refused,
// never capped: a client asking for more than we give must hear so.
absl::StatusOr<int64_t> DurationOrDefault(absl::string_view field, int64_t value,
                                          int64_t default_value, int64_t max);

}  // namespace coalition
