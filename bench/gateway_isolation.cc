// Latency isolation at the partner gateway: a quiet partner's balance reads, at a steady rate,
// measured alone and then while another partner floods the gateway from many clients as fast as
// it can. The flood is held to its own rate limit, so the quiet partner's latency should barely
// move (docs/PERFORMANCE.md has the figures).
//
//   coalition-gateway-bench --gateway=127.0.0.1:8443 --tls_dir=var/bench/certs
//       --quiet=bench-p00 --flood=bench-p01      (one line; run by bench/gateway_isolation.sh)
#include <cstdio>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "bench/report.h"
#include "bench/scenarios.h"
#include "partner-gateway/client_channel.h"

ABSL_FLAG(std::string, gateway, "127.0.0.1:8443", "the partner gateway");
ABSL_FLAG(std::string, tls_dir, "var/bench/certs", "ca.pem and the partners' certificates");
ABSL_FLAG(std::string, quiet, "bench-p00", "the partner measured (its members: all seeded)");
ABSL_FLAG(std::string, flood, "bench-p01", "the partner flooding the gateway");
ABSL_FLAG(int64_t, quiet_rate, 50, "the quiet partner's calls per second (open loop)");
ABSL_FLAG(int, flood_clients, 64, "the flooding partner's concurrent clients (closed loop)");
ABSL_FLAG(int, members, 1000, "members seeded (the quiet partner's)");
ABSL_FLAG(int, duration_s, 10, "measured seconds per run");
ABSL_FLAG(std::string, account, "127.0.0.1:50061", "the account service, for seeding");
ABSL_FLAG(std::string, earning, "127.0.0.1:50062", "the earning service, for seeding");
ABSL_FLAG(std::string, redemption, "127.0.0.1:50063", "the redemption service, for seeding");
ABSL_FLAG(std::string, json_out, "", "append one JSON line per run to this file");
ABSL_FLAG(std::string, commit, "unknown", "the commit measured, for the JSON");

namespace coalition::bench {
namespace {

using account::v1::AccountService;

// Balance reads by `partner` through the gateway, on several connections of its own.
Operation BalanceReads(const std::string& partner, const Population& population) {
  auto stubs = std::make_shared<std::vector<std::unique_ptr<AccountService::Stub>>>();
  for (int i = 0; i < 8; ++i) {
    stubs->push_back(AccountService::NewStub(
        gateway::GatewayChannel(absl::GetFlag(FLAGS_gateway), absl::GetFlag(FLAGS_tls_dir),
                                absl::StrCat("partner:", partner))));
  }
  return [stubs, &population](int worker, Rng& rng) {
    account::v1::GetBalanceRequest request;
    request.set_member_id(population.members[rng() % population.members.size()]);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    account::v1::Balance balance;
    return (*stubs)[static_cast<size_t>(worker) % stubs->size()]
        ->GetBalance(&context, request, &balance)
        .error_code();
  };
}

void Report(const RunLabel& label, const LoadResult& result) {
  bench::Report(label, result, absl::GetFlag(FLAGS_json_out), absl::GetFlag(FLAGS_commit));
}

int Run() {
  Platform platform(
      {absl::GetFlag(FLAGS_account), absl::GetFlag(FLAGS_earning), absl::GetFlag(FLAGS_redemption)},
      4);
  // bench-p00 is the partner every seeded member earned at: its members are all of them.
  auto population = Seed(platform, {20, absl::GetFlag(FLAGS_members)}, 32);
  if (!population.ok()) {
    std::fprintf(stderr, "seeding failed: %s\n", population.status().ToString().c_str());
    return 1;
  }
  const Operation quiet = BalanceReads(absl::GetFlag(FLAGS_quiet), *population);
  const Operation flood = BalanceReads(absl::GetFlag(FLAGS_flood), *population);
  const absl::Duration duration = absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  const LoadOptions quiet_options{.mode = LoadMode::kOpen,
                                  .concurrency = 8,
                                  .rate_per_s = absl::GetFlag(FLAGS_quiet_rate),
                                  .duration = duration};
  std::printf("%s\n", TableHeader().c_str());
  Report({"gw-quiet", "alone", quiet_options}, RunLoad(quiet_options, quiet));

  // The flood starts first and outlasts the quiet run on both sides.
  const LoadOptions flood_options{.mode = LoadMode::kClosed,
                                  .concurrency = absl::GetFlag(FLAGS_flood_clients),
                                  .warmup = absl::Seconds(1),
                                  .duration = duration + absl::Seconds(3)};
  LoadResult flooded;
  std::thread flooding([&] { flooded = RunLoad(flood_options, flood); });
  absl::SleepFor(absl::Seconds(1));
  Report({"gw-quiet", "while-flooded", quiet_options}, RunLoad(quiet_options, quiet));
  flooding.join();
  Report({"gw-flood", "rate-limited", flood_options}, flooded);
  return 0;
}

}  // namespace
}  // namespace coalition::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return coalition::bench::Run();
}
