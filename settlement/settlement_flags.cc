#include "settlement/settlement_flags.h"

#include <string>

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, settlement_period, "monthly",
          "how long a settlement period is: daily, weekly or monthly (UTC); set once for the "
          "coalition, since periods already closed keep their length");

namespace coalition::settlement {

absl::StatusOr<PeriodCalendar> CalendarFromFlags() {
  return PeriodCalendar::Parse(absl::GetFlag(FLAGS_settlement_period));
}

}  // namespace coalition::settlement
