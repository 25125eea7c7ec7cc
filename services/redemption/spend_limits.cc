#include "services/redemption/spend_limits.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace coalition::redemption {

absl::Status CheckLimits(const v1::BurnLimits& limits, const RecentSpending& recent, int64_t points,
                         std::string* control) {
  if (limits.redemptions_per_minute() > 0 &&
      recent.in_last_minute >= limits.redemptions_per_minute()) {
    *control = "velocity";
    return absl::ResourceExhaustedError(
        absl::StrCat("member_id: velocity limit of ", limits.redemptions_per_minute(),
                     " redemptions per minute reached; try again in a minute"));
  }
  if (limits.daily_points() > 0 && recent.spent_today + points > limits.daily_points()) {
    *control = "daily limit";
    const int64_t left = std::max<int64_t>(0, limits.daily_points() - recent.spent_today);
    return absl::ResourceExhaustedError(
        absl::StrCat("points: ", points, " is over the member's daily limit of ",
                     limits.daily_points(), " points; ", left, " left today (UTC)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateBurnLimits(const v1::BurnLimits& limits) {
  if (limits.daily_points() < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "limits.daily_points: must not be negative (0 is no limit), got ", limits.daily_points()));
  }
  if (limits.redemptions_per_minute() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("limits.redemptions_per_minute: must not be negative (0 is no limit), got ",
                     limits.redemptions_per_minute()));
  }
  return absl::OkStatus();
}

absl::Time StartOfUtcDay(absl::Time now) {
  return absl::FromCivil(absl::ToCivilDay(now, absl::UTCTimeZone()), absl::UTCTimeZone());
}

}  // namespace coalition::redemption
