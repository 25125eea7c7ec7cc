// Times a settlement close: closes yesterday's (daily) period on a settlement that starts at
// sequence 0, calling ClosePeriod until the period is CLOSED. The close follows the whole ledger
// to its end first, in bounded steps, so the time is that of following `target_sequence`
// postings plus pricing the period.
//
//   ASSIGN_OR_RETURN(CloseTiming timing, TimeSettlementClose("127.0.0.1:50065", 1'000'000));
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace coalition::bench {

struct CloseTiming {
  int64_t postings_read = 0;  // ledger sequence the period closed at
  absl::Duration elapsed;
  int statement_calls = 0;  // ClosePeriod calls
};

absl::StatusOr<CloseTiming> TimeSettlementClose(const std::string& address,
                                                int64_t target_sequence);

}  // namespace coalition::bench
