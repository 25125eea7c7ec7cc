// Storage of settlement's view of the ledger (partner/day totals for ad-hoc statements, period
// totals for closing), its cursor into the ledger, and its periods.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "settlement/ledger_deltas.h"
#include "settlement/ledger_facts.h"

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

  // Adds `deltas` and `facts` and moves the cursor from `from` to `to`, atomically.
  // FAILED_PRECONDITION (and nothing written) if the cursor is no longer at `from`: another
  // follower counted them. A fact whose period is closing or closed goes to the next open
  // period, as late.
  virtual absl::Status Apply(int64_t from, int64_t to, const std::vector<DayDelta>& deltas,
                             const std::vector<PeriodFact>& facts) = 0;

  // Stops the period taking facts (OPEN -> CLOSING, at the cursor), made if it had none; a
  // period closing or closed already is returned as it is.
  virtual absl::StatusOr<v1::Period> BeginClose(absl::CivilDay start, absl::CivilDay end) = 0;
  // A closing period's totals: one fact per (partner, kind, terms version, late).
  struct PeriodLine {
    PeriodFact fact;
    bool late = false;
  };
  virtual absl::StatusOr<std::vector<PeriodLine>> PeriodTotals(absl::CivilDay start) = 0;
  // Keeps the report and marks the period CLOSED (once: a second finish keeps the first).
  virtual absl::StatusOr<v1::Period> FinishClose(absl::CivilDay start,
                                                 const v1::PeriodReport& report,
                                                 absl::Time now) = 0;
  virtual absl::StatusOr<std::optional<v1::PeriodReport>> Report(absl::CivilDay start) = 0;
  virtual absl::StatusOr<std::vector<v1::Period>> Periods(int limit) = 0;
  // The points the partner issued (not late) in periods from `from` up to before `before`: its
  // month's volume before a period, for volume-tiered prices.
  virtual absl::StatusOr<int64_t> IssuedBetween(const std::string& partner_id, absl::CivilDay from,
                                                absl::CivilDay before) = 0;
  // All-time points per partner and kind, over every period (PeriodFact's partner, kind, points).
  virtual absl::StatusOr<std::vector<PeriodFact>> AllTimeTotals() = 0;

  // Each partner's totals over days in [start, end), by partner_id; only `partner_id` if given.
  virtual absl::StatusOr<std::vector<PartnerTotals>> Totals(
      absl::CivilDay start, absl::CivilDay end, const std::optional<std::string>& partner_id) = 0;
};

}  // namespace coalition::settlement
