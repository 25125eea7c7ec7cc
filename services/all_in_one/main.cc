// coalition-all: every service in one process and on one port, for the quick start. The services
// still talk to the account service through its gRPC API, over the server's in-process channel.
#include <memory>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/synchronization/notification.h"
#include "services/account/grpc/account_flags.h"
#include "services/account/grpc/account_service.h"
#include "services/account/client/grpc/grpc_account_api.h"
#include "services/common/log.h"
#include "services/common/mariadb/db_flags.h"
#include "services/common/grpc/sandbox_clock_service.h"
#include "services/common/grpc/server_flags.h"
#include "services/common/status_macros.h"
#include "services/earning/grpc/earning_service.h"
#include "services/redemption/grpc/redemption_service.h"
#include "settlement/grpc/settlement_flags.h"
#include "settlement/grpc/settlement_service.h"

namespace coalition {
namespace {

absl::Status Run() {
  // Every service runs on the one clock, so a sandbox moves them all together.
  std::unique_ptr<ServiceClock> service_clock = ServiceClock::FromFlags();
  const Clock& clock = service_clock->clock();
  // The in-process channel exists once the server runs; calls made before then wait for it.
  absl::Notification started;
  std::shared_ptr<grpc::Channel> in_process;
  account::ChannelSource channel = [&] {
    started.WaitForNotification();
    return in_process;
  };
  // Closed before the server shuts down: gRPC 1.51 crashes a call made on the in-process channel
  // once the server has begun to shut down (services/common/grpc/call_gate.h).
  CallGate in_process_gate;
  account::GrpcAccountApi earning_accounts(channel, "earning", absl::Seconds(5), &in_process_gate);
  account::GrpcAccountApi redemption_accounts(channel, "redemption", absl::Seconds(5),
                                              &in_process_gate);
  account::GrpcAccountApi settlement_accounts(channel, "settlement", absl::Seconds(5),
                                              &in_process_gate);

  ASSIGN_OR_RETURN(const account::AccountOptions account_options,
                   account::AccountOptionsFromFlags());
  ASSIGN_OR_RETURN(auto account_service,
                   account::AccountService::Create(mariadb::DbConfigFromFlags("account"), clock,
                                                   account_options));
  ASSIGN_OR_RETURN(auto earning_service,
                   earning::EarningService::Create(mariadb::DbConfigFromFlags("earning"),
                                                   earning_accounts, clock));
  ASSIGN_OR_RETURN(auto redemption_service,
                   redemption::RedemptionService::Create(mariadb::DbConfigFromFlags("redemption"),
                                                         redemption_accounts, clock));
  ASSIGN_OR_RETURN(const settlement::PeriodCalendar calendar, settlement::CalendarFromFlags());
  ASSIGN_OR_RETURN(auto settlement_service,
                   settlement::SettlementService::Create(mariadb::DbConfigFromFlags("settlement"),
                                                         settlement_accounts, clock, calendar,
                                                         settlement::FollowLimitsFromFlags()));
  std::vector<grpc::Service*> services;
  for (grpc::Service* service : account_service->services()) services.push_back(service);
  for (grpc::Service* service : earning_service->services()) services.push_back(service);
  for (grpc::Service* service : redemption_service->services()) services.push_back(service);
  for (grpc::Service* service : settlement_service->services()) services.push_back(service);
  if (service_clock->sandbox_service() != nullptr) {
    services.push_back(service_clock->sandbox_service());
  }

  return Serve(
      ServeOptionsFromFlags("all-in-one"), services,
      [&](grpc::Server& server) {
        in_process = server.InProcessChannel(grpc::ChannelArguments());
        started.Notify();
        settlement_service->StartFollowing(absl::Seconds(1));
        redemption_service->StartSweeping(absl::Seconds(5));
      },
      [&] {
        account_service->StopStreams();
        in_process_gate.Close();  // waits for the calls under way, at most their 5 s deadline
      },
      {account_service->async_serving()});
}

}  // namespace
}  // namespace coalition

int main(int argc, char** argv) {
  coalition::BlockTerminationSignals();
  coalition::LimitMallocArenas();
  absl::ParseCommandLine(argc, argv);
  absl::Status status = coalition::Run();
  if (!status.ok()) coalition::LogError("all-in-one", status.ToString());
  return status.ok() ? 0 : 1;
}
