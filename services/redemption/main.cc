// coalition-redemption: spends points with partners.
#include "absl/flags/parse.h"
#include "services/account/client/remote_account_api.h"
#include "services/common/log.h"
#include "services/common/mariadb/db_flags.h"
#include "services/common/server_flags.h"
#include "services/redemption/redemption_service.h"

int main(int argc, char** argv) {
  coalition::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  coalition::SystemClock clock;
  auto accounts = coalition::account::RemoteAccountApiFromFlags("redemption");
  auto redemption = coalition::redemption::RedemptionService::Create(
      coalition::mariadb::DbConfigFromFlags("redemption"), *accounts, clock);
  if (!redemption.ok()) {
    coalition::LogError("redemption", redemption.status().ToString());
    return 1;
  }
  absl::Status served =
      coalition::Serve(coalition::ServeOptionsFromFlags("redemption"), (*redemption)->services());
  if (!served.ok()) coalition::LogError("redemption", served.ToString());
  return served.ok() ? 0 : 1;
}
