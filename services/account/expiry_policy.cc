#include "services/account/expiry_policy.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace coalition::account {

absl::StatusOr<ExpiryPolicy> ExpiryPolicy::Parse(absl::string_view kind, int months) {
  ExpiryPolicy policy;
  if (kind == "fixed") {
    policy.kind = Kind::kFixed;
  } else if (kind == "activity") {
    policy.kind = Kind::kActivity;
  } else if (kind == "never") {
    policy.kind = Kind::kNever;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("points_expiry: must be fixed, activity or never, got '", kind, "'"));
  }
  if (months < 1 || months > 120) {
    return absl::InvalidArgumentError(
        absl::StrCat("points_expiry_months: must be between 1 and 120, got ", months));
  }
  policy.months = months;
  return policy;
}

int64_t ExpiryPolicy::ExpiryOfPointsEarnedAt(absl::Time time) const {
  if (kind == Kind::kNever) return kNeverUs;
  return absl::ToUnixMicros(EndOfDayMonthsLater(time, months));
}

absl::Time EndOfDayMonthsLater(absl::Time time, int months) {
  const absl::CivilDay start = absl::ToCivilDay(time, absl::UTCTimeZone());
  const absl::CivilMonth month = absl::CivilMonth(start) + months;
  const int days_in_month = static_cast<int>(absl::CivilDay(month + 1) - absl::CivilDay(month));
  const absl::CivilDay last_day(month.year(), month.month(), std::min(start.day(), days_in_month));
  return absl::FromCivil(last_day + 1, absl::UTCTimeZone());
}

bool CountsAsActivity(v1::PostingType type) {
  return type == v1::EARN || type == v1::REDEEM || type == v1::HOLD || type == v1::TRANSFER;
}

}  // namespace coalition::account
