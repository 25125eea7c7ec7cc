// coalition-account: members, partners and the ledger.
#include "absl/flags/parse.h"
#include "services/account/account_flags.h"
#include "services/account/account_service.h"
#include "services/common/log.h"
#include "services/common/mariadb/db_flags.h"
#include "services/common/server_flags.h"

int main(int argc, char** argv) {
  coalition::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  coalition::SystemClock clock;
  auto account = coalition::account::AccountService::Create(
      coalition::mariadb::DbConfigFromFlags("account"), clock,
      coalition::account::FollowSettleTimeFromFlags());
  if (!account.ok()) {
    coalition::LogError("account", account.status().ToString());
    return 1;
  }
  absl::Status served =
      coalition::Serve(coalition::ServeOptionsFromFlags("account"), (*account)->services());
  if (!served.ok()) coalition::LogError("account", served.ToString());
  return served.ok() ? 0 : 1;
}
