// Latency isolation at the partner gateway, two ways:
//   - reads: a quiet partner's balance reads, at a steady rate, alone and then while another
//     partner floods the gateway from many clients as fast as it can;
//   - audited calls: a partner's purchases (each one written to the audit log), alone and then
//     while another partner floods the gateway's own AccessService with IssueApiKey calls it is
//     refused (not the operator), each refusal a mutating call the audit must account for.
// Each flood is held to its own rate limit, and refusals past the first of their kind in a
// minute are only counted, so the quiet partner's latency should barely move
// (docs/PERFORMANCE.md has the figures).
//
//   coalition-gateway-bench --gateway=127.0.0.1:8443 --tls_dir=var/bench/certs
//       --quiet=bench-p00 --flood=bench-p01      (one line; run by bench/gateway_isolation.sh)
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "bench/report.h"
#include "bench/scenarios.h"
#include "coalition/gateway/v1/access.grpc.pb.h"
#include "partner-gateway/grpc/client_channel.h"

ABSL_FLAG(std::string, gateway, "127.0.0.1:8443", "the partner gateway");
ABSL_FLAG(std::string, tls_dir, "var/bench/certs", "ca.pem and the partners' certificates");
ABSL_FLAG(std::string, quiet, "bench-p00", "the partner measured (its members: all seeded)");
ABSL_FLAG(std::string, flood, "bench-p01", "the partner flooding the gateway");
ABSL_FLAG(int64_t, quiet_rate, 50, "the quiet partner's calls per second (open loop)");
ABSL_FLAG(int, flood_clients, 64, "the flooding partner's concurrent clients (closed loop)");
ABSL_FLAG(int, flood_nice, 19,
          "the flooding clients' niceness (0: compete for the CPU with the gateway as equals)");
ABSL_FLAG(std::string, scenarios, "reads,audited", "which to run: reads, audited or both");
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
using earning::v1::EarningService;
using gateway::v1::AccessService;

// Stubs for `partner` through the gateway, on several connections of its own.
template <typename Service>
auto StubsOf(const std::string& partner) {
  auto stubs = std::make_shared<std::vector<std::unique_ptr<typename Service::Stub>>>();
  for (int i = 0; i < 8; ++i) {
    stubs->push_back(Service::NewStub(gateway::GatewayChannel(absl::GetFlag(FLAGS_gateway),
                                                              absl::GetFlag(FLAGS_tls_dir),
                                                              absl::StrCat("partner:", partner))));
  }
  return stubs;
}

grpc::ClientContext* WithDeadline(grpc::ClientContext& context) {
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return &context;
}

// Balance reads by `partner` through the gateway.
Operation BalanceReads(const std::string& partner, const Population& population) {
  auto stubs = StubsOf<AccountService>(partner);
  return [stubs, &population](int worker, Rng& rng) {
    account::v1::GetBalanceRequest request;
    request.set_member_id(population.members[rng() % population.members.size()]);
    grpc::ClientContext context;
    account::v1::Balance balance;
    return (*stubs)[static_cast<size_t>(worker) % stubs->size()]
        ->GetBalance(WithDeadline(context), request, &balance)
        .error_code();
  };
}

// Purchases by `partner` through the gateway: each a mutating call, audited before it is
// answered.
Operation AuditedPurchases(const std::string& partner, const Population& population) {
  auto stubs = StubsOf<EarningService>(partner);
  auto counter = std::make_shared<std::atomic<int64_t>>(0);
  const std::string run = absl::StrCat(absl::ToUnixMicros(absl::Now()));
  return [stubs, &population, partner, counter, run](int worker, Rng& rng) {
    const earning::v1::RecordPurchaseRequest request = RandomPurchase(
        partner, population, absl::StrCat("gw", run, "-", counter->fetch_add(1)), rng);
    grpc::ClientContext context;
    earning::v1::Purchase purchase;
    return (*stubs)[static_cast<size_t>(worker) % stubs->size()]
        ->RecordPurchase(WithDeadline(context), request, &purchase)
        .error_code();
  };
}

// `partner` asking the gateway for API keys, which only the operator may issue: every call is
// refused (PERMISSION_DENIED, or RESOURCE_EXHAUSTED past its rate).
Operation RefusedKeyIssues(const std::string& partner) {
  auto stubs = StubsOf<AccessService>(partner);
  auto counter = std::make_shared<std::atomic<int64_t>>(0);
  return [stubs, partner, counter](int worker, Rng&) {
    gateway::v1::IssueApiKeyRequest request;
    request.set_request_id(absl::StrCat("flood-", counter->fetch_add(1)));
    request.set_identity(absl::StrCat("partner:", partner));
    grpc::ClientContext context;
    gateway::v1::IssuedApiKey issued;
    return (*stubs)[static_cast<size_t>(worker) % stubs->size()]
        ->IssueApiKey(WithDeadline(context), request, &issued)
        .error_code();
  };
}

void Report(const RunLabel& label, const LoadResult& result) {
  bench::Report(label, result, absl::GetFlag(FLAGS_json_out), absl::GetFlag(FLAGS_commit));
}

// `quiet` at a steady rate, alone, then while `flood` runs from many clients; then the flood's
// own row.
void AloneThenFlooded(const std::string& scenario, const Operation& quiet,
                      const std::string& flood_scenario, const Operation& flood) {
  const absl::Duration duration = absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  const LoadOptions quiet_options{.mode = LoadMode::kOpen,
                                  .concurrency = 8,
                                  .rate_per_s = absl::GetFlag(FLAGS_quiet_rate),
                                  .duration = duration};
  Report({scenario, "alone", quiet_options}, RunLoad(quiet_options, quiet));

  // The flood starts first and outlasts the quiet run on both sides.
  const LoadOptions flood_options{.mode = LoadMode::kClosed,
                                  .concurrency = absl::GetFlag(FLAGS_flood_clients),
                                  .warmup = absl::Seconds(1),
                                  .duration = duration + absl::Seconds(3)};
  LoadResult flooded;
  std::thread flooding([&] {
    // Its client threads (created from this one, so inheriting its niceness) yield the CPU to
    // everything else: a real flooder runs on machines of its own, not on the gateway's.
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), absl::GetFlag(FLAGS_flood_nice));
    flooded = RunLoad(flood_options, flood);
  });
  absl::SleepFor(absl::Seconds(1));
  Report({scenario, "while-flooded", quiet_options}, RunLoad(quiet_options, quiet));
  flooding.join();
  Report({flood_scenario, "rate-limited", flood_options}, flooded);
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
  const std::string quiet = absl::GetFlag(FLAGS_quiet);
  const std::string flood = absl::GetFlag(FLAGS_flood);
  const std::string scenarios = absl::GetFlag(FLAGS_scenarios);
  std::printf("%s\n", TableHeader().c_str());
  if (absl::StrContains(scenarios, "reads")) {
    AloneThenFlooded("gw-quiet", BalanceReads(quiet, *population), "gw-flood",
                     BalanceReads(flood, *population));
  }
  if (absl::StrContains(scenarios, "audited")) {
    AloneThenFlooded("gw-audit", AuditedPurchases(quiet, *population), "gw-keys",
                     RefusedKeyIssues(flood));
  }
  return 0;
}

}  // namespace
}  // namespace coalition::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return coalition::bench::Run();
}
