// Storage of settlement's view of the ledger, its cursor into the ledger, and its periods. The
// follower's facts (ledger_facts.h) are kept summed two ways from the one projection: by the
// period that takes them (for closes) and by business day (for ad-hoc statements). Both keep the
// terms version, so both are priced the same way (period_statements.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "settlement/ledger_facts.h"

namespace coalition::settlement {

class TotalsStore {
 public:
  virtual ~TotalsStore() = default;

  // The last ledger sequence already counted.
  virtual absl::StatusOr<int64_t> Cursor() = 0;

  // Adds `facts` to their days and to the periods that take them (PeriodTaking) and moves the
  // cursor from `from` to `to`, atomically. FAILED_PRECONDITION (and nothing written) if the
  // cursor is no longer at `from`: another follower counted them.
  virtual absl::Status Apply(int64_t from, int64_t to, const std::vector<DayFact>& facts) = 0;

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

  // The day facts of [start, end) summed per (partner, kind, terms version), in that order, as
  // lines starting at `start` (never late: a day fact is counted on its business day); only
  // `partner_id`'s if given.
  virtual absl::StatusOr<std::vector<PeriodLine>> DayTotals(
      absl::CivilDay start, absl::CivilDay end, const std::optional<std::string>& partner_id) = 0;
};

}  // namespace coalition::settlement
