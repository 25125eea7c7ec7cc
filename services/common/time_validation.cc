#include "services/common/time_validation.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"

namespace coalition {
namespace {

// google/protobuf/duration.proto: "approximately +-10,000 years".
constexpr int64_t kMaxDurationSeconds = 315'576'000'000;

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

// "30 days" for whole days, else absl's "1h30m".
std::string Readable(absl::Duration duration) {
  const absl::Duration day = absl::Hours(24);
  if (duration >= day && duration % day == absl::ZeroDuration()) {
    const int64_t days = duration / day;
    return absl::StrCat(days, days == 1 ? " day" : " days");
  }
  return absl::FormatDuration(duration);
}

}  // namespace

absl::Status ValidateTimestamp(absl::string_view field, const google::protobuf::Timestamp& time) {
  if (time.nanos() < 0 || time.nanos() >= kNanosPerSecond) {
    return Invalid(
        field, absl::StrCat("nanos must be 0 to ", kNanosPerSecond - 1, ", got ", time.nanos()));
  }
  if (time.seconds() < kMinTimestampSeconds || time.seconds() > kMaxTimestampSeconds) {
    return Invalid(field, absl::StrCat("must be from 0001-01-01 to 9999-12-31 UTC (seconds ",
                                       kMinTimestampSeconds, " to ", kMaxTimestampSeconds,
                                       "), got seconds ", time.seconds()));
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::Time> RequestTime(absl::string_view field,
                                       const google::protobuf::Timestamp& time) {
  if (absl::Status valid = ValidateTimestamp(field, time); !valid.ok()) return valid;
  return absl::FromUnixMicros(ProtoTimeToMicros(time));
}

absl::StatusOr<absl::Duration> RequestDuration(absl::string_view field,
                                               const google::protobuf::Duration& duration,
                                               absl::Duration min, absl::Duration max) {
  const int64_t seconds = duration.seconds();
  const int32_t nanos = duration.nanos();
  if (seconds < -kMaxDurationSeconds || seconds > kMaxDurationSeconds ||
      nanos <= -kNanosPerSecond || nanos >= kNanosPerSecond || (seconds > 0 && nanos < 0) ||
      (seconds < 0 && nanos > 0)) {
    return Invalid(field, absl::StrCat("not a valid Duration (seconds ", seconds, ", nanos ", nanos,
                                       "): at most 10,000 years, nanos below 10^9 in size and "
                                       "of the sign of seconds"));
  }
  // In the range above absl::Duration is exact (it holds +-2^63 seconds).
  const absl::Duration value = absl::Seconds(seconds) + absl::Nanoseconds(nanos);
  if (value < min || value > max) {
    return Invalid(field, absl::StrCat("must be ", Readable(min), " to ", Readable(max), ", got ",
                                       absl::FormatDuration(value)));
  }
  return value;
}

absl::StatusOr<int64_t> DurationOrDefault(absl::string_view field, int64_t value,
                                          int64_t default_value, int64_t max) {
  if (value == 0) return default_value;
  if (value < 0 || value > max) {
    return Invalid(field, absl::StrCat("must be 1 to ", max, ", or 0 for the default of ",
                                       default_value, ", got ", value));
  }
  return value;
}

}  // namespace coalition
