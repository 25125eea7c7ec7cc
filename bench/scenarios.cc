#include "bench/scenarios.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/common/grpc/grpc_status.h"
#include "services/common/grpc/unary_call.h"
#include "services/common/status_macros.h"

namespace coalition::bench {
namespace {

constexpr absl::Duration kTimeout = absl::Seconds(10);
// A batch of thousands of purchases takes far longer than one call (seconds in a debug build).
constexpr absl::Duration kBatchTimeout = absl::Seconds(120);
// The largest answer a bench client reads: a RecordPurchases response of kMaxBatchItems
// purchases with their breakdowns is a few MB, near gRPC's 4 MB default.
constexpr int kMaxResponseBytes = 64 << 20;
constexpr absl::string_view kCaller = "bench";
constexpr int64_t kSeedPointsPerMember = 10'000'000;

std::shared_ptr<grpc::Channel> Connect(const std::string& address, int index) {
  grpc::ChannelArguments args;
  // Distinct args and a local subchannel pool: a connection of its own per channel.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt("coalition.bench.connection", index);
  args.SetMaxReceiveMessageSize(kMaxResponseBytes);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

// `wait_for_ready` (seeding) waits out a connection still coming up instead of failing fast;
// under load a failure to connect must count as an error, so load calls fail fast.
template <typename Stub, typename Request, typename Response>
grpc::Status Invoke(Stub& stub,
                    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response, absl::string_view caller = kCaller,
                    bool wait_for_ready = false) {
  return UnaryCallStatus(stub, method, request, *response,
                         {.caller = caller, .timeout = kTimeout, .wait_for_ready = wait_for_ready});
}

// Runs `task(i)` for i in [0, n) on `concurrency` threads; the first failure wins.
absl::Status ParallelFor(int n, int concurrency, const std::function<grpc::Status(int)>& task) {
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  absl::Status first_failure;
  absl::Mutex mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < n && !failed; i = next++) {
        grpc::Status status = task(i);
        if (!status.ok()) {
          absl::MutexLock lock(&mu);
          failed = true;
          first_failure = absl::UnavailableError(absl::StrCat(
              "seeding item ", i, ": ", status.error_code(), " ", status.error_message()));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  return first_failure;
}

// Draws a partner's index by a PartnerSpread's weights.
class PartnerDraw {
 public:
  PartnerDraw(PartnerSpread spread, size_t partners) {
    std::vector<int> weights(partners, 1);
    if (spread == PartnerSpread::kSingle && weights.size() > 1) {
      std::fill(weights.begin() + 1, weights.end(), 0);
    }
    if (spread == PartnerSpread::kSkewed && weights.size() >= 4) {
      // Weights out of 100 * (n - 3): 40% / 15% / 10% / the rest share 35%.
      const int rest = static_cast<int>(weights.size()) - 3;
      std::fill(weights.begin(), weights.end(), 35);
      weights[0] = 40 * rest;
      weights[1] = 15 * rest;
      weights[2] = 10 * rest;
    }
    // Cumulative weights: a uniform draw below the total picks a partner by upper_bound.
    uint64_t total = 0;
    for (int weight : weights) cumulative_.push_back(total += static_cast<uint64_t>(weight));
  }

  size_t operator()(Rng& rng) const {
    const uint64_t draw = rng() % cumulative_.back();
    return static_cast<size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), draw) -
                               cumulative_.begin());
  }

 private:
  std::vector<uint64_t> cumulative_;
};

}  // namespace

Platform::Platform(const Addresses& addresses, int connections) {
  for (int i = 0; i < connections; ++i) {
    auto account = Connect(addresses.account, i);
    accounts_.push_back(account::v1::AccountService::NewStub(account));
    partners_.push_back(admin::v1::PartnerAdminService::NewStub(account));
    health_.push_back(grpc::health::v1::Health::NewStub(account));
    earning_.push_back(earning::v1::EarningService::NewStub(Connect(addresses.earning, i)));
    auto redemption = Connect(addresses.redemption, i);
    redemption_.push_back(redemption::v1::RedemptionService::NewStub(redemption));
    if (i == 0) redemption_admin_ = redemption::v1::RedemptionAdminService::NewStub(redemption);
  }
}

absl::StatusOr<Population> Seed(Platform& platform, const PopulationSize& size, int concurrency) {
  Population population;
  population.partners.resize(static_cast<size_t>(size.partners));
  population.members.resize(static_cast<size_t>(size.members));
  absl::Status partners = ParallelFor(size.partners, concurrency, [&](int i) {
    admin::v1::CreatePartnerRequest request;
    request.set_request_id(absl::StrFormat("bench-partner-%02d", i));
    admin::v1::Partner& partner = *request.mutable_partner();
    partner.set_partner_id(absl::StrFormat("bench-p%02d", i));
    partner.set_display_name(absl::StrFormat("Bench partner %d", i));
    partner.set_currency("EUR");
    partner.mutable_earn_rate()->set_points(1);
    partner.mutable_earn_rate()->set_per_amount_minor(100);
    partner.mutable_issuance_price()->set_amount_minor(1);
    partner.mutable_issuance_price()->set_per_points(1);
    partner.mutable_reimbursement_price()->set_amount_minor(8);
    partner.mutable_reimbursement_price()->set_per_points(10);
    admin::v1::Partner created;
    grpc::Status status =
        Invoke(platform.partners(i), &admin::v1::PartnerAdminService::Stub::CreatePartner, request,
               &created, "operator", /*wait_for_ready=*/true);
    population.partners[static_cast<size_t>(i)] = created.partner_id();
    return status;
  });
  if (!partners.ok()) return partners;

  absl::Status members = ParallelFor(size.members, concurrency, [&](int i) {
    account::v1::EnrollMemberRequest enroll;
    enroll.set_request_id(absl::StrCat("bench-member-", i));
    enroll.set_display_name(absl::StrCat("Bench member ", i));
    account::v1::Member member;
    grpc::Status status =
        Invoke(platform.accounts(i), &account::v1::AccountService::Stub::EnrollMember, enroll,
               &member, kCaller,
               /*wait_for_ready=*/true);
    if (!status.ok()) return status;
    population.members[static_cast<size_t>(i)] = member.member_id();
    // Points to spend: credited once however often the seed runs (same partner transaction).
    earning::v1::RecordPurchaseRequest purchase;
    purchase.set_request_id(absl::StrCat("bench-seed-", i));
    purchase.set_partner_id(population.partners.front());
    purchase.set_member_id(member.member_id());
    purchase.set_amount_minor(kSeedPointsPerMember * 100);
    purchase.set_currency("EUR");
    purchase.set_partner_transaction_id(absl::StrCat("bench-seed-", i));
    earning::v1::Purchase recorded;
    return Invoke(platform.earning(i), &earning::v1::EarningService::Stub::RecordPurchase, purchase,
                  &recorded, population.partners.front(), /*wait_for_ready=*/true);
  });
  if (!members.ok()) return members;

  // The benchmark measures throughput, not the fraud limits: one member spends far more than a
  // real member may. The controls' per-member lock and record are still paid on every spend.
  redemption::v1::SetBurnLimitsRequest no_limits;
  no_limits.set_request_id("bench-no-burn-limits");
  redemption::v1::BurnLimits limits;
  RETURN_IF_ERROR(FromGrpcStatus(Invoke(
      platform.redemption_admin(), &redemption::v1::RedemptionAdminService::Stub::SetBurnLimits,
      no_limits, &limits, "operator", /*wait_for_ready=*/true)));
  return population;
}

Operation PingOperation(Platform& platform) {
  return [&platform](int worker, Rng&) {
    grpc::health::v1::HealthCheckResponse response;
    return Invoke(platform.health(worker), &grpc::health::v1::Health::Stub::Check,
                  grpc::health::v1::HealthCheckRequest(), &response)
        .error_code();
  };
}

Operation BalanceOperation(Platform& platform, const Population& population) {
  return [&platform, &population](int worker, Rng& rng) {
    account::v1::GetBalanceRequest request;
    request.set_member_id(population.members[rng() % population.members.size()]);
    account::v1::Balance balance;
    return Invoke(platform.accounts(worker), &account::v1::AccountService::Stub::GetBalance,
                  request, &balance, "mobile")
        .error_code();
  };
}

Operation SummaryOperation(Platform& platform, const Population& population) {
  return [&platform, &population](int worker, Rng& rng) {
    account::v1::GetMemberSummaryRequest request;
    request.set_member_id(population.members[rng() % population.members.size()]);
    account::v1::MemberSummary summary;
    return Invoke(platform.accounts(worker), &account::v1::AccountService::Stub::GetMemberSummary,
                  request, &summary, "mobile")
        .error_code();
  };
}

earning::v1::RecordPurchaseRequest RandomPurchase(const std::string& partner,
                                                  const Population& population,
                                                  const std::string& id, Rng& rng) {
  earning::v1::RecordPurchaseRequest request;
  request.set_request_id(id);
  request.set_partner_id(partner);
  request.set_member_id(population.members[rng() % population.members.size()]);
  request.set_amount_minor(500 + static_cast<int64_t>(rng() % 20'000));
  request.set_currency("EUR");
  request.set_category("bench");
  request.set_partner_transaction_id(id);
  return request;
}

Operation EarnOperation(Platform& platform, const Population& population, PartnerSpread spread,
                        const std::string& run_id) {
  auto counter = std::make_shared<std::atomic<int64_t>>(0);
  return [&platform, &population, draw = PartnerDraw(spread, population.partners.size()), counter,
          run_id](int worker, Rng& rng) -> CallOutcome {
    const std::string& partner = population.partners[draw(rng)];
    const earning::v1::RecordPurchaseRequest request = RandomPurchase(
        partner, population, absl::StrCat("b", run_id, "-", counter->fetch_add(1)), rng);
    earning::v1::Purchase purchase;
    return Invoke(platform.earning(worker), &earning::v1::EarningService::Stub::RecordPurchase,
                  request, &purchase, partner)
        .error_code();
  };
}

Operation BulkEarnOperation(Platform& platform, const Population& population, PartnerSpread spread,
                            int batch_size, const std::string& run_id) {
  auto counter = std::make_shared<std::atomic<int64_t>>(0);
  return [&platform, &population, draw = PartnerDraw(spread, population.partners.size()), counter,
          run_id, batch_size](int worker, Rng& rng) -> CallOutcome {
    const std::string& partner = population.partners[draw(rng)];
    // The batch's ids are consecutive: one counter step per purchase.
    const int64_t first = counter->fetch_add(batch_size);
    earning::v1::RecordPurchasesRequest request;
    for (int i = 0; i < batch_size; ++i) {
      *request.add_purchases() =
          RandomPurchase(partner, population, absl::StrCat("m", run_id, "-", first + i), rng);
    }
    earning::v1::RecordPurchasesResponse response;
    CallOutcome outcome =
        UnaryCallStatus(platform.earning(worker),
                        &earning::v1::EarningService::Stub::RecordPurchases, request, response,
                        {.caller = partner, .timeout = kBatchTimeout})
            .error_code();
    for (const earning::v1::PurchaseResult& result : response.results()) {
      if (result.code() == 0) {
        ++outcome.items_ok;
      } else {
        ++outcome.item_errors[static_cast<grpc::StatusCode>(result.code())];
      }
    }
    return outcome;
  };
}

Operation RedeemOperation(Platform& platform, const Population& population, int member_pool,
                          const std::string& run_id) {
  auto counter = std::make_shared<std::atomic<int64_t>>(0);
  const size_t pool =
      std::min(population.members.size(), static_cast<size_t>(std::max(member_pool, 1)));
  return [&platform, &population, counter, run_id, pool](int worker, Rng& rng) {
    const std::string& partner = population.partners[rng() % population.partners.size()];
    const int64_t n = counter->fetch_add(1);
    redemption::v1::HoldPointsRequest hold_request;
    hold_request.set_request_id(absl::StrCat("h", run_id, "-", n));
    hold_request.set_partner_id(partner);
    hold_request.set_member_id(population.members[rng() % pool]);
    hold_request.set_points(1 + static_cast<int64_t>(rng() % 5));
    redemption::v1::Hold hold;
    grpc::Status held =
        Invoke(platform.redemption(worker), &redemption::v1::RedemptionService::Stub::HoldPoints,
               hold_request, &hold, partner);
    if (!held.ok()) return held.error_code();
    redemption::v1::CapturePointsRequest capture;
    capture.set_request_id(absl::StrCat("c", run_id, "-", n));
    capture.set_hold_id(hold.hold_id());
    return Invoke(platform.redemption(worker),
                  &redemption::v1::RedemptionService::Stub::CapturePoints, capture, &hold, partner)
        .error_code();
  };
}

}  // namespace coalition::bench
