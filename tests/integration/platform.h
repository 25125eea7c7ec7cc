// The real platform for integration tests: the account, earning, redemption and settlement
// binaries, each on a port of its own choosing (port 0), against the test MariaDB that
// scripts/test.sh starts (COALITION_DB_PORT, COALITION_DB_PASSWORD), in schemas under a prefix
// unique to this run.
//
//   auto platform = Platform::Start();
//   auto result = Call(platform->accounts(), &AccountService::Stub::GetBalance, request);
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "coalition/account/v1/account.grpc.pb.h"
#include "coalition/admin/v1/admin.grpc.pb.h"
#include "coalition/earning/v1/earning.grpc.pb.h"
#include "coalition/redemption/v1/redemption.grpc.pb.h"
#include "coalition/sandbox/v1/sandbox.grpc.pb.h"
#include "coalition/settlement/v1/settlement.grpc.pb.h"
#include "grpcpp/channel.h"
#include "services/common/grpc/call_context.h"
#include "services/common/grpc/unary_call.h"
#include "tests/integration/child_process.h"

namespace coalition::testing {

// A new key ring entry "key_id:<64 hex digits>" for COALITION_PII_KEYS.
std::string NewPiiKeyEntry(const std::string& key_id);

class Platform {
 public:
  static absl::StatusOr<std::unique_ptr<Platform>> Start();
  ~Platform();

  account::v1::AccountService::Stub& accounts() { return *accounts_; }
  account::v1::LedgerService::Stub& ledger() { return *ledger_; }
  admin::v1::PartnerAdminService::Stub& partners() { return *partners_; }
  account::v1::AccountAdminService::Stub& account_admin() { return *account_admin_; }
  // The account service's business clock (it runs with --sandbox_clock); a restart resets it.
  sandbox::v1::SandboxClockService::Stub& account_clock() { return *account_clock_; }
  earning::v1::EarningService::Stub& earning() { return *earning_; }
  earning::v1::EarnRulesAdminService::Stub& earn_rules() { return *earn_rules_; }
  // The earning service's own business clock (purchase times, promotions, reporting windows).
  sandbox::v1::SandboxClockService::Stub& earning_clock() { return *earning_clock_; }
  redemption::v1::RedemptionService::Stub& redemption() { return *redemption_; }
  redemption::v1::RedemptionAdminService::Stub& redemption_admin() { return *redemption_admin_; }
  // Sets the members' burn limits to none, as every test but those of the limits expects (the
  // service starts with the coalition's defaults).
  absl::Status LiftBurnLimits();
  // The redemption service's business clock (hold expiry).
  sandbox::v1::SandboxClockService::Stub& redemption_clock() { return *redemption_clock_; }
  settlement::v1::SettlementService::Stub& settlement() { return *settlement_; }
  settlement::v1::SettlementAdminService::Stub& settlement_admin() { return *settlement_admin_; }
  // The settlement service's business clock (which periods have ended); daily periods.
  sandbox::v1::SandboxClockService::Stub& settlement_clock() { return *settlement_clock_; }

  // Where the services' logs are; kept when a test fails, removed with the platform otherwise.
  const std::string& work_dir() const { return work_dir_; }

  // The schema a service keeps its tables in, e.g. schema("account").
  std::string schema(const std::string& service) const { return schema_prefix_ + service; }

  // The port a service ("account", "earning", "redemption", "settlement") listens on.
  int port(const std::string& service) const { return ports_.at(service); }

  // Stops the account service and starts it again on its old port, against the same schema.
  absl::Status RestartAccount();
  // Starts the partner gateway in front of the services, with the certificates in `tls_dir`
  // (scripts/certs.sh); returns its port. Another gateway (on the same audit log) needs a `name`
  // of its own for its log file.
  absl::StatusOr<int> StartGateway(const std::string& tls_dir,
                                   const std::vector<std::string>& extra_flags = {},
                                   const std::string& name = "gateway");
  // Kills a service ("account", "earning", "redemption", "settlement", or a gateway by its name)
  // with SIGKILL, as a crash, and starts it again with its old flags on its old port, against the
  // same schema; this platform's stubs for it are made anew. Its sandbox clock starts again from
  // now.
  absl::Status CrashAndRestart(const std::string& service);
  // SIGSTOP / SIGCONT a service's process (ChildProcess::Pause): its callers' deadlines run out.
  absl::Status Pause(const std::string& service);
  absl::Status Resume(const std::string& service);
  // Whether a service's process still runs: a fault harness checks that none died on its own.
  bool Running(const std::string& service);

  // A server of a test's own beside the platform's: `binary` with `flags`, against this run's
  // database, in the schemas under `schema_prefix` (this run's if empty). The test owns it, so
  // it may stop it and read its exit status; its log is <work_dir>/<name>.log.
  struct OwnServer {
    std::unique_ptr<ChildProcess> process;
    int port = 0;
  };
  absl::StatusOr<OwnServer> StartOwnServer(const std::string& name, const std::string& binary,
                                           std::vector<std::string> flags,
                                           const std::string& schema_prefix = "");

 private:
  Platform() = default;
  absl::StatusOr<int> StartService(const std::string& name, const std::string& binary,
                                   std::vector<std::string> args);
  // The running process of a service, found by its log's name; null if there is none.
  ChildProcess* Child(const std::string& name);
  // Stops (SIGTERM) or crashes (SIGKILL) a service and starts it again on its old port.
  absl::Status Relaunch(const std::string& name, bool crash);
  // (Re)makes the stubs for a service on `port` (none for a gateway).
  void ConnectStubs(const std::string& name, int port);

  // How each service was started, so it can be started again the same way.
  struct Launch {
    std::string binary;
    std::vector<std::string> flags;
  };
  std::map<std::string, Launch> launches_;

  std::string work_dir_;
  std::string schema_prefix_;
  std::vector<std::unique_ptr<ChildProcess>> children_;
  std::string account_address_;
  std::map<std::string, int> ports_;
  std::unique_ptr<account::v1::AccountService::Stub> accounts_;
  std::unique_ptr<account::v1::LedgerService::Stub> ledger_;
  std::unique_ptr<admin::v1::PartnerAdminService::Stub> partners_;
  std::unique_ptr<account::v1::AccountAdminService::Stub> account_admin_;
  std::unique_ptr<sandbox::v1::SandboxClockService::Stub> account_clock_;
  std::unique_ptr<earning::v1::EarningService::Stub> earning_;
  std::unique_ptr<earning::v1::EarnRulesAdminService::Stub> earn_rules_;
  std::unique_ptr<sandbox::v1::SandboxClockService::Stub> earning_clock_;
  std::unique_ptr<redemption::v1::RedemptionService::Stub> redemption_;
  std::unique_ptr<redemption::v1::RedemptionAdminService::Stub> redemption_admin_;
  std::unique_ptr<sandbox::v1::SandboxClockService::Stub> redemption_clock_;
  std::unique_ptr<settlement::v1::SettlementService::Stub> settlement_;
  std::unique_ptr<settlement::v1::SettlementAdminService::Stub> settlement_admin_;
  std::unique_ptr<sandbox::v1::SandboxClockService::Stub> settlement_clock_;
};

template <typename Response>
struct CallResult {
  grpc::Status status;
  Response response;
};

// One unary call as `caller`, with a deadline.
template <typename Stub, typename Request, typename Response>
CallResult<Response> Call(Stub& stub,
                          grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                       Response*),
                          const Request& request, absl::string_view caller = "test-partner") {
  CallResult<Response> result;
  result.status = UnaryCallStatus(stub, method, request, result.response,
                                  {.caller = caller, .timeout = absl::Seconds(30)});
  return result;
}

}  // namespace coalition::testing
