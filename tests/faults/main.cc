// coalition-faults: the fault harness. It starts the four service binaries against the MariaDB
// of COALITION_DB_PORT / COALITION_DB_PASSWORD, sets up a coalition, runs a mixed workload for
// --duration_s while it kills and stops the services and MariaDB, then reconciles the platform
// against the client's journal of definitive answers and closes settlement. It exits 0 only if
// every check found nothing. scripts/faults.sh runs it on a private MariaDB of its own
// (docs/reliability.md).
//
//   coalition-faults --seed=7 --duration_s=90 --db_script=scripts/db.sh
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "tests/faults/clients.h"
#include "tests/faults/database_process.h"
#include "tests/faults/fault_injector.h"
#include "tests/faults/findings.h"
#include "tests/faults/journal.h"
#include "tests/faults/reconcile.h"
#include "tests/faults/settlement_check.h"
#include "tests/faults/setup.h"
#include "tests/faults/summary.h"
#include "tests/faults/workload.h"
#include "tests/integration/platform.h"

ABSL_FLAG(uint64_t, seed, 1, "picks operations, members, amounts and the order of fault targets");
ABSL_FLAG(int, duration_s, 90, "how long the workload runs, in seconds");
ABSL_FLAG(int, workers, 8, "concurrent clients");
ABSL_FLAG(int, members, 200, "members enrolled at the start");
ABSL_FLAG(int, partners, 4, "partners onboarded at the start");
ABSL_FLAG(double, duplicate_share, 0.05, "share of requests sent as two concurrent copies");
ABSL_FLAG(int, service_kill_every_s, 18, "kill -9 a service (in turn) this often; 0: never");
ABSL_FLAG(int, db_kill_every_s, 60, "kill -9 MariaDB this often; 0: never");
ABSL_FLAG(int, stop_every_s, 45, "SIGSTOP a service or MariaDB (in turn) this often; 0: never");
ABSL_FLAG(int, stop_for_s, 6, "how long a SIGSTOP lasts before its SIGCONT");
ABSL_FLAG(std::string, db_script, "",
          "scripts/db.sh, to restart MariaDB after its kill -9 (with COALITION_DB_DIR set); "
          "empty: no MariaDB faults");

namespace coalition::faults {
namespace {

void Say(const std::string& line) { std::fprintf(stderr, "[faults] %s\n", line.c_str()); }

// The transfer limit is a daily business rule, not what this harness is about: out of the way.
void LiftTransferLimit() {
  const char* flags = std::getenv("COALITION_IT_ACCOUNT_FLAGS");
  const std::string all =
      absl::StrCat(flags == nullptr ? "" : flags, " --transfer_daily_limit_points=1000000000");
  setenv("COALITION_IT_ACCOUNT_FLAGS", all.c_str(), /*overwrite=*/1);
}

int Run() {
  const absl::Time started = absl::Now();
  const absl::CivilDay first_day = absl::ToCivilDay(started, absl::UTCTimeZone());
  const absl::Duration duration = absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  LiftTransferLimit();
  absl::StatusOr<std::unique_ptr<testing::Platform>> platform = testing::Platform::Start();
  if (!platform.ok()) {
    Say(absl::StrCat("cannot start the platform: ", platform.status().ToString()));
    return 2;
  }
  Say(absl::StrCat("services' logs: ", (*platform)->work_dir()));
  Clients clients(**platform);
  Journal journal;
  Findings findings;

  SetupOptions setup;
  setup.seed = absl::GetFlag(FLAGS_seed);
  setup.partners = absl::GetFlag(FLAGS_partners);
  setup.members = absl::GetFlag(FLAGS_members);
  setup.workers = absl::GetFlag(FLAGS_workers);
  absl::StatusOr<Coalition> coalition = SetUpCoalition(clients, journal, setup);
  if (!coalition.ok()) {
    Say(absl::StrCat("cannot set up the coalition: ", coalition.status().ToString()));
    return 2;
  }
  Say(absl::StrCat("set up ", coalition->partners.size(), " partners and ",
                   coalition->members.size(), " members in ",
                   absl::FormatDuration(absl::Trunc(absl::Now() - started, absl::Seconds(1)))));

  std::unique_ptr<DatabaseProcess> database;
  const char* db_dir = std::getenv("COALITION_DB_DIR");
  if (!absl::GetFlag(FLAGS_db_script).empty() && db_dir != nullptr) {
    database = std::make_unique<DatabaseProcess>(
        absl::GetFlag(FLAGS_db_script), db_dir,
        absl::StrCat((*platform)->work_dir(), "/db-restarts.log"));
  } else {
    Say("no --db_script or COALITION_DB_DIR: MariaDB is not faulted");
  }
  FaultOptions fault_options;
  fault_options.seed = setup.seed;
  fault_options.service_kill_every = absl::Seconds(absl::GetFlag(FLAGS_service_kill_every_s));
  fault_options.db_kill_every = absl::Seconds(absl::GetFlag(FLAGS_db_kill_every_s));
  fault_options.stop_every = absl::Seconds(absl::GetFlag(FLAGS_stop_every_s));
  fault_options.stop_for = absl::Seconds(absl::GetFlag(FLAGS_stop_for_s));
  FaultInjector injector(**platform, clients, database.get(), *coalition, findings, fault_options);

  WorkloadOptions workload_options;
  workload_options.seed = setup.seed;
  workload_options.workers = setup.workers;
  workload_options.duration = duration;
  workload_options.duplicate_share = absl::GetFlag(FLAGS_duplicate_share);
  Workload workload(clients, *coalition, journal, findings, workload_options);

  const absl::Time workload_start = absl::Now();
  std::thread faults([&] { injector.Run(duration); });
  workload.Run();
  faults.join();
  const absl::Duration workload_took = absl::Now() - workload_start;
  Say(absl::StrCat("workload done in ",
                   absl::FormatDuration(absl::Trunc(workload_took, absl::Seconds(1))),
                   "; reconciling"));

  RunFacts facts;
  if (absl::StatusOr<absl::Duration> healthy = injector.WaitUntilHealthy(absl::Seconds(120));
      !healthy.ok()) {
    findings.Add("faults the platform did not recover from", "not healthy after the workload");
  }
  absl::StatusOr<RestFigures> rest = BringToRest(**platform, clients, journal, findings);
  absl::Status reconciled = rest.status();
  if (rest.ok()) {
    facts.rest = *rest;
    reconciled = Reconcile(**platform, clients, *coalition, journal, findings);
  }
  if (reconciled.ok()) {
    absl::StatusOr<SettlementFigures> settled = CloseAndVerify(clients, first_day, findings);
    reconciled = settled.status();
    if (settled.ok()) facts.settlement = *settled;
  }
  if (!reconciled.ok()) findings.Add("reconciliation could not run", reconciled.ToString());

  facts.profile = absl::StrFormat(
      "seed %d, workload %d s, %d workers, %d members, %d partners, duplicate share %.2f",
      setup.seed, absl::GetFlag(FLAGS_duration_s), setup.workers, setup.members, setup.partners,
      workload_options.duplicate_share);
  facts.workload_took = workload_took;
  facts.total_took = absl::Now() - started;
  facts.workload = &workload;
  facts.faults = &injector.records();
  facts.findings = &findings;
  std::printf("%s", Summary(facts).c_str());
  std::fflush(stdout);

  const std::string logs = (*platform)->work_dir();
  platform->reset();  // stops the services
  if (findings.Total() == 0) {
    std::filesystem::remove_all(logs);
    return 0;
  }
  Say(absl::StrCat("services' logs kept in ", logs));
  return 1;
}

}  // namespace
}  // namespace coalition::faults

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return coalition::faults::Run();
}
