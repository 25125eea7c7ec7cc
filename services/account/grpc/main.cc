// coalition-account: members, partners and the ledger.
#include "absl/flags/parse.h"
#include "services/account/grpc/account_flags.h"
#include "services/account/grpc/account_service.h"
#include "services/common/log.h"
#include "services/common/mariadb/db_flags.h"
#include "services/common/grpc/sandbox_clock_service.h"
#include "services/common/grpc/server_flags.h"

int main(int argc, char** argv) {
  coalition::BlockTerminationSignals();
  coalition::LimitMallocArenas();
  absl::ParseCommandLine(argc, argv);
  auto clock = coalition::ServiceClock::FromFlags();
  auto options = coalition::account::AccountOptionsFromFlags();
  if (!options.ok()) {
    coalition::LogError("account", options.status().ToString());
    return 1;
  }
  auto account = coalition::account::AccountService::Create(
      coalition::mariadb::DbConfigFromFlags("account"), clock->clock(), *options);
  if (!account.ok()) {
    coalition::LogError("account", account.status().ToString());
    return 1;
  }
  std::vector<grpc::Service*> services = (*account)->services();
  if (clock->sandbox_service() != nullptr) services.push_back(clock->sandbox_service());
  absl::Status served = coalition::Serve(
      coalition::ServeOptionsFromFlags("account"), services, {},
      [&] { (*account)->StopStreams(); }, {(*account)->async_serving()});
  if (!served.ok()) coalition::LogError("account", served.ToString());
  return served.ok() ? 0 : 1;
}
