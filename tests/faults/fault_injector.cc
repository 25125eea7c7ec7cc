#include "tests/faults/fault_injector.h"

#include <algorithm>
#include <cstdio>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/grpc/unary_call.h"
#include "services/common/status_macros.h"

namespace coalition::faults {
namespace {

const std::vector<std::string> kServices = {"account", "earning", "redemption", "settlement"};
constexpr char kDatabase[] = "mariadb";

// Every `every`, from half a period in, while a fault may still begin.
std::vector<absl::Duration> Times(absl::Duration every, absl::Duration last) {
  std::vector<absl::Duration> times;
  if (every <= absl::ZeroDuration()) return times;
  for (absl::Duration at = every / 2; at <= last; at += every) times.push_back(at);
  return times;
}

// A probe: a short deadline, so a service that does not answer is not waited for.
const UnaryCallOptions kProbe{.caller = "operator", .timeout = absl::Seconds(2)};

void Log(const std::string& line) { std::fprintf(stderr, "[faults] %s\n", line.c_str()); }

}  // namespace

std::vector<PlannedFault> PlanFaults(const FaultOptions& options, absl::Duration duration,
                                     bool with_database) {
  std::mt19937_64 random(options.seed);
  std::vector<std::string> kill_order = kServices;
  std::shuffle(kill_order.begin(), kill_order.end(), random);
  std::vector<std::string> stop_order = kServices;
  if (with_database) stop_order.push_back(kDatabase);
  std::shuffle(stop_order.begin(), stop_order.end(), random);

  const absl::Duration last = duration - options.quiet_end;
  std::vector<PlannedFault> plan;
  size_t n = 0;
  for (absl::Duration at : Times(options.service_kill_every, last)) {
    plan.push_back({at, "kill -9", kill_order[n++ % kill_order.size()]});
  }
  if (with_database) {
    for (absl::Duration at : Times(options.db_kill_every, last)) {
      plan.push_back({at, "kill -9", kDatabase});
    }
  }
  n = 0;
  for (absl::Duration at : Times(options.stop_every, last)) {
    plan.push_back({at, "SIGSTOP", stop_order[n++ % stop_order.size()]});
  }
  std::stable_sort(plan.begin(), plan.end(),
                   [](const PlannedFault& a, const PlannedFault& b) { return a.at < b.at; });
  return plan;
}

FaultInjector::FaultInjector(testing::Platform& platform, Clients& clients,
                             DatabaseProcess* database, const Coalition& coalition,
                             Findings& findings, const FaultOptions& options)
    : platform_(platform),
      clients_(clients),
      database_(database),
      coalition_(coalition),
      findings_(findings),
      options_(options) {
  findings_.Checked("services that died on their own");
  findings_.Checked("faults the platform did not recover from");
}

void FaultInjector::Run(absl::Duration duration) {
  const absl::Time start = absl::Now();
  for (const PlannedFault& fault : PlanFaults(options_, duration, database_ != nullptr)) {
    SleepUntil(start + fault.at);
    FaultRecord record{fault, absl::Now() - start, std::nullopt};
    Log(absl::StrCat(absl::FormatDuration(absl::Trunc(record.began, absl::Milliseconds(100))), ": ",
                     fault.kind, " ", fault.target));
    absl::Time recovering_from = absl::Now();
    if (absl::Status injected = Inject(fault, recovering_from); !injected.ok()) {
      findings_.Add("faults the platform did not recover from",
                    absl::StrCat(fault.kind, " ", fault.target, ": ", injected.ToString()));
    }
    absl::StatusOr<absl::Duration> healthy = WaitUntilHealthy(absl::Seconds(120));
    if (healthy.ok()) {
      record.recovered_after = absl::Now() - recovering_from;
      Log(absl::StrCat(
          "  recovered after ",
          absl::FormatDuration(absl::Trunc(*record.recovered_after, absl::Milliseconds(10)))));
    } else {
      findings_.Add("faults the platform did not recover from",
                    absl::StrCat(fault.kind, " ", fault.target, ": no answers within 120 s"));
    }
    records_.push_back(record);
    RestartTheDead();
  }
  SleepUntil(start + duration);
}

absl::Status FaultInjector::Inject(const PlannedFault& fault, absl::Time& recovering_from) {
  const bool database = fault.target == kDatabase;
  if (fault.kind == "kill -9") {
    if (!database) return platform_.CrashAndRestart(fault.target);
    RETURN_IF_ERROR(database_->Kill());
    // Down long enough for every service to notice, as a real crash would be.
    absl::SleepFor(absl::Seconds(1));
    return database_->Restart();
  }
  RETURN_IF_ERROR(database ? database_->Pause() : platform_.Pause(fault.target));
  absl::SleepFor(options_.stop_for);
  recovering_from = absl::Now();
  return database ? database_->Resume() : platform_.Resume(fault.target);
}

void FaultInjector::SleepUntil(absl::Time when) {
  // A service may die on its own between faults too: look every second.
  while (absl::Now() < when) {
    absl::SleepFor(std::min(absl::Seconds(1), when - absl::Now()));
    RestartTheDead();
  }
}

void FaultInjector::RestartTheDead() {
  for (const std::string& service : kServices) {
    if (platform_.Running(service)) continue;
    findings_.Add(
        "services that died on their own",
        absl::StrCat(service, " exited without a fault; its log is in ", platform_.work_dir()));
    Log(absl::StrCat(service, " died on its own: restarting it"));
    if (absl::Status restarted = platform_.CrashAndRestart(service); !restarted.ok()) {
      findings_.Add("faults the platform did not recover from",
                    absl::StrCat("restart ", service, ": ", restarted.ToString()));
    }
  }
}

bool FaultInjector::ProbeOnce() {
  account::v1::GetBalanceRequest balance;
  balance.set_member_id(coalition_.members.front());
  earning::v1::GetPurchaseRequest purchase;
  purchase.set_purchase_id(coalition_.probe_purchase_id);
  redemption::v1::ListRewardsRequest rewards;
  rewards.set_partner_id(coalition_.partners.front());
  // Each reads its service's own tables, so it answers only once its database does.
  return UnaryCall(clients_.accounts(), &account::v1::AccountService::Stub::GetBalance, balance,
                   kProbe)
             .ok() &&
         UnaryCall(clients_.earning(), &earning::v1::EarningService::Stub::GetPurchase, purchase,
                   kProbe)
             .ok() &&
         UnaryCall(clients_.redemption(), &redemption::v1::RedemptionService::Stub::ListRewards,
                   rewards, kProbe)
             .ok() &&
         UnaryCall(clients_.settlement_admin(),
                   &settlement::v1::SettlementAdminService::Stub::ListPeriods,
                   settlement::v1::ListPeriodsRequest{}, kProbe)
             .ok();
}

absl::StatusOr<absl::Duration> FaultInjector::WaitUntilHealthy(absl::Duration timeout) {
  const absl::Time start = absl::Now();
  while (!ProbeOnce()) {
    if (absl::Now() - start > timeout) {
      return absl::DeadlineExceededError("the services did not all answer");
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
  return absl::Now() - start;
}

}  // namespace coalition::faults
