// The harness's own connections to the four services, apart from the Platform's stubs (which
// the Platform replaces when it restarts a service, while workers are calling).
//
// Two connections per service: the two copies of a duplicated request travel on different
// ones, as a client's retry from another instance would. Reconnection backs off at most 1 s
// (gRPC's default grows to 120 s), so a restarted service, on its old port, is found again
// within a second.
#pragma once

#include <array>
#include <memory>

#include "coalition/account/v1/account.grpc.pb.h"
#include "coalition/admin/v1/admin.grpc.pb.h"
#include "coalition/earning/v1/earning.grpc.pb.h"
#include "coalition/redemption/v1/redemption.grpc.pb.h"
#include "coalition/sandbox/v1/sandbox.grpc.pb.h"
#include "coalition/settlement/v1/settlement.grpc.pb.h"
#include "tests/integration/platform.h"

namespace coalition::faults {

class Clients {
 public:
  static constexpr size_t kCopies = 2;

  explicit Clients(const testing::Platform& platform);

  // `copy` is 0 or 1: which of the two connections.
  account::v1::AccountService::Stub& accounts(size_t copy = 0) { return *accounts_[copy]; }
  account::v1::AccountAdminService::Stub& account_admin() { return *account_admin_; }
  admin::v1::PartnerAdminService::Stub& partners() { return *partners_; }
  earning::v1::EarningService::Stub& earning(size_t copy = 0) { return *earning_[copy]; }
  redemption::v1::RedemptionService::Stub& redemption(size_t copy = 0) {
    return *redemption_[copy];
  }
  redemption::v1::RedemptionAdminService::Stub& redemption_admin() { return *redemption_admin_; }
  sandbox::v1::SandboxClockService::Stub& redemption_clock() { return *redemption_clock_; }
  settlement::v1::SettlementAdminService::Stub& settlement_admin() { return *settlement_admin_; }
  sandbox::v1::SandboxClockService::Stub& settlement_clock() { return *settlement_clock_; }

 private:
  std::array<std::unique_ptr<account::v1::AccountService::Stub>, kCopies> accounts_;
  std::unique_ptr<account::v1::AccountAdminService::Stub> account_admin_;
  std::unique_ptr<admin::v1::PartnerAdminService::Stub> partners_;
  std::array<std::unique_ptr<earning::v1::EarningService::Stub>, kCopies> earning_;
  std::array<std::unique_ptr<redemption::v1::RedemptionService::Stub>, kCopies> redemption_;
  std::unique_ptr<redemption::v1::RedemptionAdminService::Stub> redemption_admin_;
  std::unique_ptr<sandbox::v1::SandboxClockService::Stub> redemption_clock_;
  std::unique_ptr<settlement::v1::SettlementAdminService::Stub> settlement_admin_;
  std::unique_ptr<sandbox::v1::SandboxClockService::Stub> settlement_clock_;
};

}  // namespace coalition::faults
