// coalition-settlement: what each partner owes or is owed, per period.
#include "absl/flags/parse.h"
#include "services/account/client/remote_account_api.h"
#include "services/common/log.h"
#include "services/common/mariadb/db_flags.h"
#include "services/common/server_flags.h"
#include "settlement/settlement_service.h"

int main(int argc, char** argv) {
  coalition::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  auto accounts = coalition::account::RemoteAccountApiFromFlags("settlement");
  auto settlement = coalition::settlement::SettlementService::Create(
      coalition::mariadb::DbConfigFromFlags("settlement"), *accounts);
  if (!settlement.ok()) {
    coalition::LogError("settlement", settlement.status().ToString());
    return 1;
  }
  absl::Status served =
      coalition::Serve(coalition::ServeOptionsFromFlags("settlement"), (*settlement)->services(),
                       [&](grpc::Server&) { (*settlement)->StartFollowing(absl::Seconds(1)); });
  if (!served.ok()) coalition::LogError("settlement", served.ToString());
  return served.ok() ? 0 : 1;
}
