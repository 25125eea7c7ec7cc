// coalition-redemption: spends points with partners.
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "services/account/client/grpc/remote_account_api.h"
#include "services/common/log.h"
#include "services/common/mariadb/db_flags.h"
#include "services/common/grpc/sandbox_clock_service.h"
#include "services/common/grpc/server_flags.h"
#include "services/redemption/grpc/redemption_service.h"

ABSL_FLAG(int, hold_sweep_s, 5, "how often expired holds are released, in seconds");

int main(int argc, char** argv) {
  coalition::BlockTerminationSignals();
  coalition::LimitMallocArenas();
  absl::ParseCommandLine(argc, argv);
  auto clock = coalition::ServiceClock::FromFlags();
  auto accounts = coalition::account::RemoteAccountApiFromFlags("redemption");
  auto redemption = coalition::redemption::RedemptionService::Create(
      coalition::mariadb::DbConfigFromFlags("redemption"), *accounts, clock->clock());
  if (!redemption.ok()) {
    coalition::LogError("redemption", redemption.status().ToString());
    return 1;
  }
  (*redemption)->StartSweeping(absl::Seconds(absl::GetFlag(FLAGS_hold_sweep_s)));
  std::vector<grpc::Service*> services = (*redemption)->services();
  if (clock->sandbox_service() != nullptr) services.push_back(clock->sandbox_service());
  absl::Status served = coalition::Serve(coalition::ServeOptionsFromFlags("redemption"), services);
  if (!served.ok()) coalition::LogError("redemption", served.ToString());
  return served.ok() ? 0 : 1;
}
