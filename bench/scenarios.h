// The platform operations the load generator drives, and the population they run against:
// `partners` partners (bench-p00...) and `members` members each holding plenty of points, seeded
// idempotently so a second run reuses the first run's data.
//
//   Platform platform(addresses, /*connections=*/8);
//   ASSIGN_OR_RETURN(Population population, Seed(platform, {.partners = 20, .members = 10'000}));
//   Operation earn = EarnOperation(platform, population, PartnerSpread::kSkewed, run_id);
//   Operation bulk = BulkEarnOperation(platform, population, PartnerSpread::kSkewed, 5000, run_id);
#pragma once

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/load_runner.h"
#include "coalition/account/v1/account.grpc.pb.h"
#include "coalition/admin/v1/admin.grpc.pb.h"
#include "coalition/earning/v1/earning.grpc.pb.h"
#include "coalition/redemption/v1/redemption.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace coalition::bench {

struct Addresses {
  std::string account;
  std::string earning;
  std::string redemption;
};

// Stubs over several connections per service, so many threads do not share one HTTP/2 stream.
class Platform {
 public:
  Platform(const Addresses& addresses, int connections);
  account::v1::AccountService::Stub& accounts(int worker) { return *accounts_[Pick(worker)]; }
  admin::v1::PartnerAdminService::Stub& partners(int worker) { return *partners_[Pick(worker)]; }
  earning::v1::EarningService::Stub& earning(int worker) { return *earning_[Pick(worker)]; }
  redemption::v1::RedemptionService::Stub& redemption(int worker) {
    return *redemption_[Pick(worker)];
  }
  grpc::health::v1::Health::Stub& health(int worker) { return *health_[Pick(worker)]; }
  redemption::v1::RedemptionAdminService::Stub& redemption_admin() { return *redemption_admin_; }

 private:
  size_t Pick(int worker) const { return static_cast<size_t>(worker) % accounts_.size(); }
  std::vector<std::unique_ptr<account::v1::AccountService::Stub>> accounts_;
  std::vector<std::unique_ptr<admin::v1::PartnerAdminService::Stub>> partners_;
  std::vector<std::unique_ptr<earning::v1::EarningService::Stub>> earning_;
  std::vector<std::unique_ptr<redemption::v1::RedemptionService::Stub>> redemption_;
  std::vector<std::unique_ptr<grpc::health::v1::Health::Stub>> health_;
  std::unique_ptr<redemption::v1::RedemptionAdminService::Stub> redemption_admin_;
};

struct PopulationSize {
  int partners = 20;
  int members = 10'000;
};

struct Population {
  std::vector<std::string> partners;
  std::vector<std::string> members;
};

absl::StatusOr<Population> Seed(Platform& platform, const PopulationSize& size, int concurrency);

// How purchases spread over partners: kSkewed is a coalition's usual shape (the first partner,
// a grocer, takes 40%, the next two 15% and 10%, the rest share 35%); kUniform spreads evenly;
// kSingle sends everything to the first partner (the hottest possible partner).
enum class PartnerSpread { kSkewed, kUniform, kSingle };

// `run_id` makes partner transaction ids unique across runs.
Operation PingOperation(Platform& platform);
Operation BalanceOperation(Platform& platform, const Population& population);
// GetMemberSummary of a random member: balance, expiring points, tier and the last 10
// transactions in one statement (the mobile app's first screen).
Operation SummaryOperation(Platform& platform, const Population& population);
// A purchase of a random amount by a random member at `partner`; `id` is both its request_id and
// its partner_transaction_id, so every purchase is new.
earning::v1::RecordPurchaseRequest RandomPurchase(const std::string& partner,
                                                  const Population& population,
                                                  const std::string& id, Rng& rng);
Operation EarnOperation(Platform& platform, const Population& population, PartnerSpread spread,
                        const std::string& run_id);
// RecordPurchases of `batch_size` purchases: one partner's end-of-day file (the partner drawn as
// EarnOperation draws it), each purchase a random member's under its own request_id and
// partner_transaction_id. The outcome counts the purchases recorded and the refused by code.
Operation BulkEarnOperation(Platform& platform, const Population& population, PartnerSpread spread,
                            int batch_size, const std::string& run_id);
// HoldPoints then CapturePoints of the whole hold, as one operation, over the first
// `member_pool` members (1: every client on the same member).
Operation RedeemOperation(Platform& platform, const Population& population, int member_pool,
                          const std::string& run_id);

}  // namespace coalition::bench
