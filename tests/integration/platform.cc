#include "tests/integration/platform.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/common/ids.h"
#include "services/common/status_macros.h"

namespace coalition::testing {
namespace {

std::shared_ptr<grpc::Channel> ChannelTo(int port) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
}

}  // namespace

absl::StatusOr<Platform::OwnServer> Platform::StartOwnServer(const std::string& name,
                                                             const std::string& binary,
                                                             std::vector<std::string> flags,
                                                             const std::string& schema_prefix) {
  const std::string port_file = absl::StrCat(work_dir_, "/", name, ".port");
  std::filesystem::remove(port_file);
  const char* db_port = std::getenv("COALITION_DB_PORT");
  flags.push_back(absl::StrCat("--db_port=", db_port));
  flags.push_back(
      absl::StrCat("--db_schema_prefix=", schema_prefix.empty() ? schema_prefix_ : schema_prefix));
  flags.push_back(absl::StrCat("--port_file=", port_file));
  ASSIGN_OR_RETURN(ChildProcess child,
                   ChildProcess::Spawn(binary, flags, absl::StrCat(work_dir_, "/", name, ".log")));
  OwnServer server{std::make_unique<ChildProcess>(std::move(child))};
  ASSIGN_OR_RETURN(server.port, WaitForPortFile(port_file, *server.process, absl::Seconds(30)));
  return server;
}

absl::StatusOr<int> Platform::StartService(const std::string& name, const std::string& binary,
                                           std::vector<std::string> args) {
  launches_[name] = Launch{binary, args};
  ASSIGN_OR_RETURN(OwnServer server, StartOwnServer(name, binary, std::move(args)));
  children_.push_back(std::move(server.process));
  ports_[name] = server.port;
  return server.port;
}

ChildProcess* Platform::Child(const std::string& name) {
  const std::string log = absl::StrCat("/", name, ".log");
  for (const auto& child : children_) {
    if (absl::EndsWith(child->log_path(), log)) return child.get();
  }
  return nullptr;
}

absl::Status Platform::Relaunch(const std::string& name, bool crash) {
  const auto child = std::find_if(children_.begin(), children_.end(), [&](const auto& process) {
    return absl::EndsWith(process->log_path(), absl::StrCat("/", name, ".log"));
  });
  const auto launch = launches_.find(name);
  if (child == children_.end() || launch == launches_.end()) {
    return absl::NotFoundError(absl::StrCat("no service '", name, "'"));
  }
  if (crash) {
    (*child)->Crash();
  } else {
    (*child)->Stop();
  }
  std::vector<std::string> flags = launch->second.flags;
  flags.push_back(absl::StrCat("--listen=127.0.0.1:", ports_.at(name)));
  ASSIGN_OR_RETURN(OwnServer server, StartOwnServer(name, launch->second.binary, flags));
  *child = std::move(server.process);  // in place: the account service stays the last stopped
  // A fresh channel: the old one backs off after losing its server, and would fail calls.
  ConnectStubs(name, server.port);
  return absl::OkStatus();
}

absl::Status Platform::CrashAndRestart(const std::string& service) {
  return Relaunch(service, /*crash=*/true);
}

absl::Status Platform::Pause(const std::string& service) {
  ChildProcess* child = Child(service);
  if (child == nullptr) return absl::NotFoundError(absl::StrCat("no service '", service, "'"));
  child->Pause();
  return absl::OkStatus();
}

absl::Status Platform::Resume(const std::string& service) {
  ChildProcess* child = Child(service);
  if (child == nullptr) return absl::NotFoundError(absl::StrCat("no service '", service, "'"));
  child->Resume();
  return absl::OkStatus();
}

bool Platform::Running(const std::string& service) {
  ChildProcess* child = Child(service);
  return child != nullptr && child->Running();
}

void Platform::ConnectStubs(const std::string& name, int port) {
  auto channel = ChannelTo(port);
  if (name == "account") {
    accounts_ = account::v1::AccountService::NewStub(channel);
    ledger_ = account::v1::LedgerService::NewStub(channel);
    partners_ = admin::v1::PartnerAdminService::NewStub(channel);
    account_admin_ = account::v1::AccountAdminService::NewStub(channel);
    account_clock_ = sandbox::v1::SandboxClockService::NewStub(channel);
  } else if (name == "earning") {
    earning_ = earning::v1::EarningService::NewStub(channel);
    earn_rules_ = earning::v1::EarnRulesAdminService::NewStub(channel);
    earning_clock_ = sandbox::v1::SandboxClockService::NewStub(channel);
  } else if (name == "redemption") {
    redemption_ = redemption::v1::RedemptionService::NewStub(channel);
    redemption_admin_ = redemption::v1::RedemptionAdminService::NewStub(channel);
    redemption_clock_ = sandbox::v1::SandboxClockService::NewStub(channel);
  } else if (name == "settlement") {
    settlement_ = settlement::v1::SettlementService::NewStub(channel);
    settlement_admin_ = settlement::v1::SettlementAdminService::NewStub(channel);
    settlement_clock_ = sandbox::v1::SandboxClockService::NewStub(channel);
  }
}

std::string NewPiiKeyEntry(const std::string& key_id) {
  // Two random 128-bit ids make one 256-bit key.
  return absl::StrCat(key_id, ":", NewId("k").substr(2), NewId("k").substr(2));
}

namespace {

// The account service's flags: the test defaults, then COALITION_IT_ACCOUNT_FLAGS (set per
// test binary in CMake, e.g. another expiry policy).
std::vector<std::string> AccountFlags() {
  std::vector<std::string> flags = {"--ledger_follow_settle_s=5", "--sandbox_clock"};
  if (const char* extra = std::getenv("COALITION_IT_ACCOUNT_FLAGS"); extra != nullptr) {
    for (absl::string_view flag : absl::StrSplit(extra, ' ', absl::SkipEmpty())) {
      flags.emplace_back(flag);
    }
  }
  return flags;
}

// The settlement service's flags: the test defaults, then COALITION_IT_SETTLEMENT_FLAGS.
std::vector<std::string> SettlementFlags(const std::string& account_flag) {
  std::vector<std::string> flags = {account_flag, "--sandbox_clock", "--settlement_period=daily"};
  if (const char* extra = std::getenv("COALITION_IT_SETTLEMENT_FLAGS"); extra != nullptr) {
    for (absl::string_view flag : absl::StrSplit(extra, ' ', absl::SkipEmpty())) {
      flags.emplace_back(flag);
    }
  }
  return flags;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Platform>> Platform::Start() {
  if (std::getenv("COALITION_DB_PORT") == nullptr ||
      std::getenv("COALITION_DB_PASSWORD") == nullptr) {
    return absl::FailedPreconditionError(
        "COALITION_DB_PORT and COALITION_DB_PASSWORD are unset: run the tests with "
        "scripts/test.sh, "
        "which starts the test MariaDB");
  }
  // A key ring of this run's own for members' personal data; a test may rotate it (the services
  // inherit the environment when they start).
  setenv("COALITION_PII_KEYS", NewPiiKeyEntry("it1").c_str(), /*overwrite=*/0);
  std::unique_ptr<Platform> platform(new Platform());
  const std::string run = absl::StrCat(getpid(), "_", absl::ToUnixMillis(absl::Now()) % 100000000);
  platform->schema_prefix_ = absl::StrCat("coalition_t", run, "_");
  platform->work_dir_ =
      absl::StrCat(std::filesystem::temp_directory_path().string(), "/coalition-it-", run);
  std::filesystem::create_directories(platform->work_dir_);

  ASSIGN_OR_RETURN(int account_port,
                   platform->StartService("account", COALITION_ACCOUNT_BIN, AccountFlags()));
  platform->account_address_ = absl::StrCat("127.0.0.1:", account_port);
  const std::string account_flag = absl::StrCat("--account_address=", platform->account_address_);
  ASSIGN_OR_RETURN(int earning_port, platform->StartService("earning", COALITION_EARNING_BIN,
                                                            {account_flag, "--sandbox_clock"}));
  ASSIGN_OR_RETURN(int redemption_port,
                   platform->StartService("redemption", COALITION_REDEMPTION_BIN,
                                          {account_flag, "--sandbox_clock"}));
  ASSIGN_OR_RETURN(int settlement_port,
                   platform->StartService("settlement", COALITION_SETTLEMENT_BIN,
                                          SettlementFlags(account_flag)));

  platform->ConnectStubs("account", account_port);
  platform->ConnectStubs("earning", earning_port);
  platform->ConnectStubs("redemption", redemption_port);
  platform->ConnectStubs("settlement", settlement_port);
  RETURN_IF_ERROR(platform->LiftBurnLimits());
  return platform;
}

absl::Status Platform::LiftBurnLimits() {
  redemption::v1::SetBurnLimitsRequest request;
  request.set_request_id(NewId("lift-limits"));
  auto lifted =
      Call(*redemption_admin_, &redemption::v1::RedemptionAdminService::Stub::SetBurnLimits,
           request, "operator");
  if (!lifted.status.ok()) {
    return absl::InternalError(absl::StrCat("lift burn limits: ", lifted.status.error_message()));
  }
  return absl::OkStatus();
}

absl::Status Platform::RestartAccount() { return Relaunch("account", /*crash=*/false); }

absl::StatusOr<int> Platform::StartGateway(const std::string& tls_dir,
                                           const std::vector<std::string>& extra_flags,
                                           const std::string& name) {
  std::vector<std::string> flags = {"--listen=127.0.0.1:0", absl::StrCat("--tls_dir=", tls_dir)};
  for (const char* service : {"account", "earning", "redemption", "settlement"}) {
    flags.push_back(absl::StrCat("--", service, "_backend=127.0.0.1:", ports_.at(service)));
  }
  flags.insert(flags.end(), extra_flags.begin(), extra_flags.end());
  return StartService(name, COALITION_GATEWAY_BIN, flags);
}

Platform::~Platform() {
  // Close our connections first: a gRPC server waits out its shutdown deadline while clients
  // keep channels open.
  accounts_.reset();
  ledger_.reset();
  partners_.reset();
  account_admin_.reset();
  account_clock_.reset();
  earning_.reset();
  earn_rules_.reset();
  earning_clock_.reset();
  redemption_.reset();
  redemption_admin_.reset();
  redemption_clock_.reset();
  settlement_.reset();
  settlement_admin_.reset();
  settlement_clock_.reset();
  // Dependants first, the account service last.
  for (auto it = children_.rbegin(); it != children_.rend(); ++it) (*it)->Stop();
}

}  // namespace coalition::testing
