#include "settlement/period_calendar.h"

#include "absl/strings/str_cat.h"

namespace coalition::settlement {

absl::StatusOr<PeriodCalendar> PeriodCalendar::Parse(absl::string_view length) {
  if (length == "daily") return PeriodCalendar(Length::kDaily);
  if (length == "weekly") return PeriodCalendar(Length::kWeekly);
  if (length == "monthly") return PeriodCalendar(Length::kMonthly);
  return absl::InvalidArgumentError(
      absl::StrCat("settlement_period: must be daily, weekly or monthly, got '", length, "'"));
}

absl::CivilDay PeriodCalendar::StartOf(absl::CivilDay day) const {
  switch (length_) {
    case Length::kDaily:
      return day;
    case Length::kWeekly:
      return absl::PrevWeekday(day + 1, absl::Weekday::monday);
    case Length::kMonthly:
      return absl::CivilDay(absl::CivilMonth(day));
  }
  return day;
}

absl::CivilDay PeriodCalendar::EndOf(absl::CivilDay start) const {
  switch (length_) {
    case Length::kDaily:
      return start + 1;
    case Length::kWeekly:
      return start + 7;
    case Length::kMonthly:
      return absl::CivilDay(absl::CivilMonth(start) + 1);
  }
  return start + 1;
}

std::string PeriodCalendar::Name() const {
  switch (length_) {
    case Length::kDaily:
      return "daily";
    case Length::kWeekly:
      return "weekly";
    case Length::kMonthly:
      return "monthly";
  }
  return "";
}

namespace {
// The first period start on or after `day`.
absl::CivilDay FirstStartFrom(const PeriodCalendar& calendar, absl::CivilDay day) {
  return calendar.IsStart(day) ? day : calendar.EndOf(calendar.StartOf(day));
}
}  // namespace

absl::CivilDay PeriodCalendar::TierMonthStart(absl::CivilDay day) const {
  return FirstStartFrom(*this, absl::CivilDay(absl::CivilMonth(StartOf(day))));
}

absl::CivilDay PeriodCalendar::NextTierMonthStart(absl::CivilDay day) const {
  return FirstStartFrom(*this, absl::CivilDay(absl::CivilMonth(StartOf(day)) + 1));
}

TakingPeriod PeriodTaking(absl::CivilDay natural, const std::optional<absl::CivilDay>& frontier) {
  if (frontier && *frontier > natural) return {*frontier, true};
  return {natural, false};
}

}  // namespace coalition::settlement
