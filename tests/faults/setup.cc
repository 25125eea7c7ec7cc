#include "tests/faults/setup.h"

#include <atomic>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/common/status_macros.h"
#include "tests/faults/retry.h"

namespace coalition::faults {
namespace {

// No faults run yet, but the services may still be warming up: the same retries as later.
template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> CallOk(
    Stub& stub, grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
    const Request& request, absl::string_view caller, absl::string_view what) {
  RetryCounts ignored;
  Answer<Response> answer =
      SendUntilDefinitive(stub, method, request, caller, RetryPolicy{}, ignored);
  if (!answer.status.ok()) {
    return absl::InternalError(
        absl::StrCat(what, ": ", answer.status.error_code(), " ", answer.status.error_message()));
  }
  return answer.response;
}

absl::Status CreatePartner(Clients& clients, const std::string& partner_id) {
  admin::v1::CreatePartnerRequest request;
  request.set_request_id(absl::StrCat("setup-partner-", partner_id));
  admin::v1::Partner& partner = *request.mutable_partner();
  partner.set_partner_id(partner_id);
  partner.set_display_name(absl::StrCat("Faults partner ", partner_id));
  partner.set_currency("EUR");
  partner.mutable_earn_rate()->set_points(1);  // a point per 1.00
  partner.mutable_earn_rate()->set_per_amount_minor(100);
  partner.mutable_issuance_price()->set_amount_minor(1);
  partner.mutable_issuance_price()->set_per_points(1);
  partner.mutable_reimbursement_price()->set_amount_minor(8);
  partner.mutable_reimbursement_price()->set_per_points(10);
  RETURN_IF_ERROR(CallOk(clients.partners(), &admin::v1::PartnerAdminService::Stub::CreatePartner,
                         request, "operator", "create partner")
                      .status());

  // A point is worth 0.01 and pays any share of a bill, from a single point.
  redemption::v1::PublishBurnTermsRequest terms_request;
  terms_request.set_request_id(absl::StrCat("setup-burn-terms-", partner_id));
  redemption::v1::BurnTerms& terms = *terms_request.mutable_terms();
  terms.set_partner_id(partner_id);
  terms.set_value_amount_minor(1);
  terms.set_value_per_points(1);
  terms.set_max_bill_share_bp(10'000);
  terms.set_min_points(1);
  return CallOk(clients.redemption_admin(),
                &redemption::v1::RedemptionAdminService::Stub::PublishBurnTerms, terms_request,
                "operator", "publish burn terms")
      .status();
}

absl::Status PutReward(Clients& clients, const CatalogueReward& reward) {
  redemption::v1::PutRewardRequest request;
  request.set_request_id(absl::StrCat("setup-reward-", reward.partner_id, "-", reward.reward_id));
  redemption::v1::Reward& put = *request.mutable_reward();
  put.set_partner_id(reward.partner_id);
  put.set_reward_id(reward.reward_id);
  put.set_name(absl::StrCat("Faults reward ", reward.reward_id));
  put.set_points_price(reward.points_price);
  put.set_stock(reward.stock);
  put.set_available(true);
  return CallOk(clients.redemption_admin(),
                &redemption::v1::RedemptionAdminService::Stub::PutReward, request, "operator",
                "put reward")
      .status();
}

// Enrolls member `index` and gives it the points of one purchase; returns (member, purchase).
absl::StatusOr<std::pair<std::string, std::string>> NewMember(Clients& clients, Journal& journal,
                                                              const Coalition& coalition,
                                                              size_t index,
                                                              std::mt19937_64& random) {
  account::v1::EnrollMemberRequest enroll;
  enroll.set_request_id(absl::StrCat("setup-enroll-", index));
  enroll.set_display_name(absl::StrCat("Faults member ", index));
  ASSIGN_OR_RETURN(const account::v1::Member member,
                   CallOk(clients.accounts(), &account::v1::AccountService::Stub::EnrollMember,
                          enroll, "operator", "enroll member"));
  journal.AddMember(member.member_id());

  const std::string& partner = coalition.partners[index % coalition.partners.size()];
  earning::v1::RecordPurchaseRequest purchase;
  purchase.set_request_id(absl::StrCat("setup-earn-", index));
  purchase.set_partner_id(partner);
  purchase.set_member_id(member.member_id());
  purchase.set_amount_minor(std::uniform_int_distribution<int64_t>(10'000, 40'000)(random));
  purchase.set_currency("EUR");
  purchase.set_category("setup");
  purchase.set_partner_transaction_id(purchase.request_id());
  ASSIGN_OR_RETURN(const earning::v1::Purchase purchased,
                   CallOk(clients.earning(), &earning::v1::EarningService::Stub::RecordPurchase,
                          purchase, PartnerCaller(partner), "first purchase"));
  journal.Earned(purchased);
  return std::make_pair(member.member_id(), purchased.purchase_id());
}

}  // namespace

std::string PartnerCaller(const std::string& partner_id) {
  return absl::StrCat("partner:", partner_id);
}

absl::StatusOr<Coalition> SetUpCoalition(Clients& clients, Journal& journal,
                                         const SetupOptions& options) {
  Coalition coalition;
  for (int i = 0; i < options.partners; ++i) {
    coalition.partners.push_back(absl::StrCat("partner-", i));
    RETURN_IF_ERROR(CreatePartner(clients, coalition.partners.back()));
    // A dear reward whose stock runs out during a run, and a cheap one that lasts.
    for (CatalogueReward reward : {CatalogueReward{coalition.partners.back(), "night", 40, 25},
                                   CatalogueReward{coalition.partners.back(), "gift", 15, 1500}}) {
      RETURN_IF_ERROR(PutReward(clients, reward));
      coalition.rewards.push_back(reward);
    }
  }

  const size_t members = static_cast<size_t>(options.members);
  coalition.members.resize(members);
  std::vector<std::string> purchases(members);
  absl::Mutex mu;
  absl::Status failed;
  std::atomic<size_t> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < options.workers; ++w) {
    workers.emplace_back([&, w] {
      std::mt19937_64 random(options.seed * 7919 + static_cast<uint64_t>(w));
      for (size_t i = next++; i < members; i = next++) {
        auto made = NewMember(clients, journal, coalition, i, random);
        if (!made.ok()) {
          absl::MutexLock lock(&mu);
          failed.Update(made.status());
          return;
        }
        coalition.members[i] = made->first;  // each index by one worker only
        purchases[i] = made->second;
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  RETURN_IF_ERROR(failed);
  coalition.probe_purchase_id = purchases.front();
  return coalition;
}

}  // namespace coalition::faults
