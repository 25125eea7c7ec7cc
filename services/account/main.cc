// coalition-account: members, partners and the ledger.
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "services/account/account_service.h"
#include "services/common/log.h"
#include "services/common/mariadb/db_flags.h"
#include "services/common/server_flags.h"

ABSL_FLAG(int, ledger_follow_settle_s, 15,
          "seconds after which a gap in the posting sequence is taken as a rollback");

int main(int argc, char** argv) {
  coalition::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  coalition::SystemClock clock;
  auto account = coalition::account::AccountService::Create(
      coalition::mariadb::DbConfigFromFlags("account"), clock,
      absl::Seconds(absl::GetFlag(FLAGS_ledger_follow_settle_s)));
  if (!account.ok()) {
    coalition::LogError("account", account.status().ToString());
    return 1;
  }
  absl::Status served =
      coalition::Serve(coalition::ServeOptionsFromFlags("account"), (*account)->services());
  if (!served.ok()) coalition::LogError("account", served.ToString());
  return served.ok() ? 0 : 1;
}
