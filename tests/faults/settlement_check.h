// Settlement after the run: every daily period the run's postings fall in is closed (which
// follows the whole ledger as the settlement service keeps it, across its crashes), then proved
// against the ledger read from outside, as `coalitionctl settlement verify` does.
//
//   ASSIGN_OR_RETURN(SettlementFigures settled, CloseAndVerify(clients, first_day, findings));
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "tests/faults/clients.h"
#include "tests/faults/findings.h"

namespace coalition::faults {

struct SettlementFigures {
  int periods_closed = 0;
  int64_t postings_verified = 0;
};

// Closes the days from `first` to today (UTC) in order. The settlement service's sandbox clock is
// moved past the end of today first, since a period closes only once it has ended; nothing else
// reads that clock, and the workload is over.
absl::StatusOr<SettlementFigures> CloseAndVerify(Clients& clients, absl::CivilDay first,
                                                 Findings& findings);

}  // namespace coalition::faults
