#include "tests/faults/clients.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace coalition::faults {
namespace {

std::shared_ptr<grpc::Channel> ChannelTo(int port, size_t copy) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  // Channels with equal arguments to one address share a connection: this keeps them apart.
  args.SetInt("coalition.faults.copy", static_cast<int>(copy));
  return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", port),
                                   grpc::InsecureChannelCredentials(), args);
}

}  // namespace

Clients::Clients(const testing::Platform& platform) {
  for (size_t copy = 0; copy < kCopies; ++copy) {
    accounts_[copy] =
        account::v1::AccountService::NewStub(ChannelTo(platform.port("account"), copy));
    earning_[copy] =
        earning::v1::EarningService::NewStub(ChannelTo(platform.port("earning"), copy));
    redemption_[copy] =
        redemption::v1::RedemptionService::NewStub(ChannelTo(platform.port("redemption"), copy));
  }
  auto account = ChannelTo(platform.port("account"), 0);
  account_admin_ = account::v1::AccountAdminService::NewStub(account);
  partners_ = admin::v1::PartnerAdminService::NewStub(account);
  auto redemption = ChannelTo(platform.port("redemption"), 0);
  redemption_admin_ = redemption::v1::RedemptionAdminService::NewStub(redemption);
  redemption_clock_ = sandbox::v1::SandboxClockService::NewStub(redemption);
  auto settlement = ChannelTo(platform.port("settlement"), 0);
  settlement_admin_ = settlement::v1::SettlementAdminService::NewStub(settlement);
  settlement_clock_ = sandbox::v1::SandboxClockService::NewStub(settlement);
}

}  // namespace coalition::faults
