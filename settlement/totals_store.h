// Storage of settlement's partner/day totals and its cursor into the ledger.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "settlement/ledger_deltas.h"

namespace coalition::settlement {

struct PartnerTotals {
  std::string partner_id;
  int64_t points_issued = 0;
  int64_t points_redeemed = 0;
};

class TotalsStore {
 public:
  virtual ~TotalsStore() = default;

  // The last ledger sequence already counted.
  virtual absl::StatusOr<int64_t> Cursor() = 0;

  // Adds `deltas` and moves the cursor from `from` to `to`, atomically. FAILED_PRECONDITION (and
  // nothing written) if the cursor is no longer at `from`: another follower counted them.
  virtual absl::Status Apply(int64_t from, int64_t to, const std::vector<DayDelta>& deltas) = 0;

  // Each partner's totals over days in [start, end), by partner_id; only `partner_id` if given.
  virtual absl::StatusOr<std::vector<PartnerTotals>> Totals(
      absl::CivilDay start, absl::CivilDay end, const std::optional<std::string>& partner_id) = 0;
};

}  // namespace coalition::settlement
