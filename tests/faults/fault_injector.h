// The faults, one at a time while the workload runs: kill -9 of a service (restarted on its old
// port), kill -9 of MariaDB (restarted by scripts/db.sh), SIGSTOP then SIGCONT of a service or
// of MariaDB. After each, it measures the time until every service answers a read that touches
// its database again, and checks that no service died on its own (one that did is a finding,
// and is restarted so the run goes on).
//
//   FaultInjector faults(platform, clients, &database, coalition, findings, options);
//   std::thread thread([&] { faults.Run(workload_duration); });
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/faults/clients.h"
#include "tests/faults/database_process.h"
#include "tests/faults/findings.h"
#include "tests/faults/setup.h"
#include "tests/integration/platform.h"

namespace coalition::faults {

struct FaultOptions {
  uint64_t seed = 1;
  // How often each kind of fault comes; zero turns it off. The first comes half a period in.
  absl::Duration service_kill_every = absl::Seconds(18);  // the four services in turn
  absl::Duration db_kill_every = absl::Seconds(60);
  absl::Duration stop_every = absl::Seconds(45);  // the services and MariaDB in turn
  absl::Duration stop_for = absl::Seconds(6);     // longer than a call's 5 s deadline
  // No fault begins this close to the end of the workload, so the last one recovers under load.
  absl::Duration quiet_end = absl::Seconds(10);
};

struct PlannedFault {
  absl::Duration at;   // after the workload starts
  std::string kind;    // "kill -9" or "SIGSTOP"
  std::string target;  // "account", "earning", "redemption", "settlement" or "mariadb"
};

// The schedule, in time order: a pure function of the options (the seed picks the order of the
// targets), so a seed reproduces its faults.
std::vector<PlannedFault> PlanFaults(const FaultOptions& options, absl::Duration duration,
                                     bool with_database);

struct FaultRecord {
  PlannedFault fault;
  absl::Duration began;  // after the workload started (later than planned if one ran long)
  // From the kill, or the SIGCONT, until every service answered again.
  std::optional<absl::Duration> recovered_after;
};

class FaultInjector {
 public:
  // `database` may be null: no MariaDB faults then.
  FaultInjector(testing::Platform& platform, Clients& clients, DatabaseProcess* database,
                const Coalition& coalition, Findings& findings, const FaultOptions& options);

  // Runs the schedule for a workload of `duration` that starts now; returns once the last
  // fault has recovered.
  void Run(absl::Duration duration);
  const std::vector<FaultRecord>& records() const { return records_; }

  // Probes until every service answers; how long that took, or DEADLINE_EXCEEDED.
  absl::StatusOr<absl::Duration> WaitUntilHealthy(absl::Duration timeout);

 private:
  absl::Status Inject(const PlannedFault& fault, absl::Time& recovering_from);
  bool ProbeOnce();
  // Restarts any service whose process is gone although no fault killed it (a finding).
  void RestartTheDead();
  void SleepUntil(absl::Time when);

  testing::Platform& platform_;
  Clients& clients_;
  DatabaseProcess* database_;
  const Coalition& coalition_;
  Findings& findings_;
  const FaultOptions options_;
  std::vector<FaultRecord> records_;
};

}  // namespace coalition::faults
