// coalition-earning: turns partners' purchases into points.
#include "absl/flags/parse.h"
#include "services/account/client/grpc/remote_account_api.h"
#include "services/common/log.h"
#include "services/common/mariadb/db_flags.h"
#include "services/common/grpc/sandbox_clock_service.h"
#include "services/common/grpc/server_flags.h"
#include "services/earning/grpc/earning_service.h"

int main(int argc, char** argv) {
  coalition::BlockTerminationSignals();
  coalition::LimitMallocArenas();
  absl::ParseCommandLine(argc, argv);
  auto clock = coalition::ServiceClock::FromFlags();
  auto accounts = coalition::account::RemoteAccountApiFromFlags("earning");
  auto earning = coalition::earning::EarningService::Create(
      coalition::mariadb::DbConfigFromFlags("earning"), *accounts, clock->clock());
  if (!earning.ok()) {
    coalition::LogError("earning", earning.status().ToString());
    return 1;
  }
  std::vector<grpc::Service*> services = (*earning)->services();
  if (clock->sandbox_service() != nullptr) services.push_back(clock->sandbox_service());
  absl::Status served = coalition::Serve(coalition::ServeOptionsFromFlags("earning"), services);
  if (!served.ok()) coalition::LogError("earning", served.ToString());
  return served.ok() ? 0 : 1;
}
