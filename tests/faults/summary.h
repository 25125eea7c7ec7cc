// The run's summary, as scripts/faults.sh prints it and docs/reliability.md records it:
// operations by kind, retries, duplicate pairs, faults with their times to recover, and the
// differences each check found.
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "tests/faults/fault_injector.h"
#include "tests/faults/findings.h"
#include "tests/faults/reconcile.h"
#include "tests/faults/settlement_check.h"
#include "tests/faults/workload.h"

namespace coalition::faults {

struct RunFacts {
  std::string profile;  // seed, duration, workers...
  absl::Duration workload_took;
  absl::Duration total_took;  // from the platform's start to the end of the checks
  const Workload* workload = nullptr;
  const std::vector<FaultRecord>* faults = nullptr;
  RestFigures rest;
  SettlementFigures settlement;
  const Findings* findings = nullptr;
};

std::string Summary(const RunFacts& facts);

}  // namespace coalition::faults
