// coalition-bench: load against a running platform (the separate service binaries), one run per
// invocation; bench/run.sh runs the whole matrix. Prints a table row; appends JSON to --json_out.
//
//   coalition-bench --scenario=earn --mode=closed --concurrency=32 --duration_s=10
#include <cstdio>
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/report.h"
#include "bench/scenarios.h"
#include "bench/settlement_close.h"
#include "services/common/limits.h"

ABSL_FLAG(std::string, scenario, "earn",
          "ping | balance | summary | earn | bulk | redeem | seed | close");
ABSL_FLAG(std::string, mode, "closed", "closed (fixed concurrency) | open (fixed arrival rate)");
ABSL_FLAG(int, concurrency, 16, "clients (closed) or threads serving the schedule (open)");
ABSL_FLAG(int64_t, rate, 1000, "open loop: calls per second");
ABSL_FLAG(int, duration_s, 10, "measured seconds");
ABSL_FLAG(int, warmup_s, 2, "seconds run before measuring");
ABSL_FLAG(int, partners, 20, "partners in the population");
ABSL_FLAG(int, members, 10000, "members in the population");
ABSL_FLAG(std::string, spread, "skewed",
          "earn, bulk: skewed (a few hot partners) | uniform | single (one partner)");
ABSL_FLAG(int, batch_size, coalition::kMaxBatchItems,
          "bulk: purchases per RecordPurchases call (default: the most the service accepts)");
ABSL_FLAG(int, member_pool, 0, "redeem: spend only from the first N members (1: one member)");
ABSL_FLAG(std::string, variant, "", "label for the table and JSON");
ABSL_FLAG(std::string, account, "127.0.0.1:50061", "account service");
ABSL_FLAG(std::string, earning, "127.0.0.1:50062", "earning service");
ABSL_FLAG(std::string, redemption, "127.0.0.1:50063", "redemption service");
ABSL_FLAG(int, connections, 8, "connections per service");
ABSL_FLAG(std::string, settlement, "127.0.0.1:50064", "close: the settlement service");
ABSL_FLAG(int64_t, target_sequence, 0, "close: the ledger sequence the statement must reach");
ABSL_FLAG(std::string, json_out, "", "append one JSON line per run to this file");
ABSL_FLAG(std::string, commit, "unknown", "the commit measured, for the JSON");
ABSL_FLAG(bool, header, false, "print the table header first");

namespace coalition::bench {
namespace {

// Settlement close: postings read per second, as one JSON line like the load runs'.
int RunClose() {
  auto timing =
      TimeSettlementClose(absl::GetFlag(FLAGS_settlement), absl::GetFlag(FLAGS_target_sequence));
  if (!timing.ok()) {
    std::fprintf(stderr, "close failed: %s\n", timing.status().ToString().c_str());
    return 1;
  }
  const double per_s =
      static_cast<double>(timing->postings_read) / absl::ToDoubleSeconds(timing->elapsed);
  std::printf("%-8s %-22s %-14s %9.0f  (%lld postings in %.1f s, %d ClosePeriod calls)\n", "close",
              absl::GetFlag(FLAGS_variant).c_str(), "-", per_s,
              static_cast<long long>(timing->postings_read), absl::ToDoubleSeconds(timing->elapsed),
              timing->statement_calls);
  if (const std::string path = absl::GetFlag(FLAGS_json_out); !path.empty()) {
    std::ofstream(path, std::ios::app) << absl::StrFormat(
        "{\"scenario\":\"close\",\"variant\":\"%s\",\"commit\":\"%s\",\"postings\":%d,"
        "\"elapsed_s\":%.2f,\"ok_per_s\":%.0f}\n",
        absl::GetFlag(FLAGS_variant), absl::GetFlag(FLAGS_commit), timing->postings_read,
        absl::ToDoubleSeconds(timing->elapsed), per_s);
  }
  return 0;
}

PartnerSpread Spread() {
  const std::string spread = absl::GetFlag(FLAGS_spread);
  return spread == "uniform"  ? PartnerSpread::kUniform
         : spread == "single" ? PartnerSpread::kSingle
                              : PartnerSpread::kSkewed;
}

int Run() {
  if (absl::GetFlag(FLAGS_scenario) == "close") return RunClose();
  Platform platform(
      {absl::GetFlag(FLAGS_account), absl::GetFlag(FLAGS_earning), absl::GetFlag(FLAGS_redemption)},
      absl::GetFlag(FLAGS_connections));
  const std::string scenario = absl::GetFlag(FLAGS_scenario);
  Population population;
  if (scenario != "ping") {
    auto seeded = Seed(platform, {absl::GetFlag(FLAGS_partners), absl::GetFlag(FLAGS_members)}, 32);
    if (!seeded.ok()) {
      std::fprintf(stderr, "seeding failed: %s\n", seeded.status().ToString().c_str());
      return 1;
    }
    population = *std::move(seeded);
  }
  if (scenario == "seed") return 0;

  const std::string run_id = absl::StrCat(absl::ToUnixMillis(absl::Now()));
  const int batch_size = absl::GetFlag(FLAGS_batch_size);
  Operation operation;
  if (scenario == "ping") {
    operation = PingOperation(platform);
  } else if (scenario == "balance") {
    operation = BalanceOperation(platform, population);
  } else if (scenario == "summary") {
    operation = SummaryOperation(platform, population);
  } else if (scenario == "earn") {
    operation = EarnOperation(platform, population, Spread(), run_id);
  } else if (scenario == "bulk") {
    if (batch_size < 1) {
      std::fprintf(stderr, "--batch_size must be at least 1\n");
      return 2;
    }
    operation = BulkEarnOperation(platform, population, Spread(), batch_size, run_id);
  } else if (scenario == "redeem") {
    const int pool = absl::GetFlag(FLAGS_member_pool);
    operation = RedeemOperation(platform, population,
                                pool > 0 ? pool : absl::GetFlag(FLAGS_members), run_id);
  } else {
    std::fprintf(stderr, "unknown --scenario=%s\n", scenario.c_str());
    return 2;
  }

  LoadOptions options;
  options.mode = absl::GetFlag(FLAGS_mode) == "open" ? LoadMode::kOpen : LoadMode::kClosed;
  options.concurrency = absl::GetFlag(FLAGS_concurrency);
  options.rate_per_s = absl::GetFlag(FLAGS_rate);
  options.duration = absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  options.warmup = absl::Seconds(absl::GetFlag(FLAGS_warmup_s));
  const RunLabel label{scenario, absl::GetFlag(FLAGS_variant), options,
                       scenario == "bulk" ? batch_size : 0};
  const LoadResult result = RunLoad(options, operation);

  if (absl::GetFlag(FLAGS_header)) std::printf("%s\n", TableHeader().c_str());
  Report(label, result, absl::GetFlag(FLAGS_json_out), absl::GetFlag(FLAGS_commit));
  if (label.batch_size > 0 && result.ok == 0 && result.errors.empty()) {
    std::fprintf(stderr,
                 "bulk: no call started in the measured window; raise --duration_s or lower "
                 "--batch_size\n");
  }
  return 0;
}

}  // namespace
}  // namespace coalition::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return coalition::bench::Run();
}
