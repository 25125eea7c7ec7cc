// Times a settlement close: asks a settlement service for today's statement until the statement
// has read the ledger up to `target_sequence`, from a settlement that starts at sequence 0.
//
//   ASSIGN_OR_RETURN(CloseTiming timing, TimeSettlementClose("127.0.0.1:50065", 1'000'000));
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace coalition::bench {

struct CloseTiming {
  int64_t postings_read = 0;  // ledger sequence reached
  absl::Duration elapsed;
  int statement_calls = 0;
};

absl::StatusOr<CloseTiming> TimeSettlementClose(const std::string& address,
                                                int64_t target_sequence);

}  // namespace coalition::bench
