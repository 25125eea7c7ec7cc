// coalition-settlement: what each partner owes or is owed, per period.
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "services/account/client/grpc/remote_account_api.h"
#include "services/common/log.h"
#include "services/common/mariadb/db_flags.h"
#include "services/common/grpc/sandbox_clock_service.h"
#include "services/common/grpc/server_flags.h"
#include "settlement/grpc/settlement_flags.h"
#include "settlement/grpc/settlement_service.h"

ABSL_FLAG(int, follow_interval_s, 1,
          "seconds between background reads of the ledger; 0: only when a statement is asked for");

int main(int argc, char** argv) {
  coalition::BlockTerminationSignals();
  coalition::LimitMallocArenas();
  absl::ParseCommandLine(argc, argv);
  auto clock = coalition::ServiceClock::FromFlags();
  auto accounts = coalition::account::RemoteAccountApiFromFlags("settlement");
  auto calendar = coalition::settlement::CalendarFromFlags();
  if (!calendar.ok()) {
    coalition::LogError("settlement", calendar.status().ToString());
    return 1;
  }
  auto settlement = coalition::settlement::SettlementService::Create(
      coalition::mariadb::DbConfigFromFlags("settlement"), *accounts, clock->clock(), *calendar,
      coalition::settlement::FollowLimitsFromFlags());
  if (!settlement.ok()) {
    coalition::LogError("settlement", settlement.status().ToString());
    return 1;
  }
  std::vector<grpc::Service*> services = (*settlement)->services();
  if (clock->sandbox_service() != nullptr) services.push_back(clock->sandbox_service());
  absl::Status served = coalition::Serve(
      coalition::ServeOptionsFromFlags("settlement"), services, [&](grpc::Server&) {
        if (const int interval_s = absl::GetFlag(FLAGS_follow_interval_s); interval_s > 0) {
          (*settlement)->StartFollowing(absl::Seconds(interval_s));
        }
      });
  if (!served.ok()) coalition::LogError("settlement", served.ToString());
  return served.ok() ? 0 : 1;
}
