// The reward catalogue through the real binaries: stock that never goes below zero however many
// order at once, orders refused by the ledger giving their stock back, and retries.
#include <atomic>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using redemption::v1::RedemptionAdminService;
using redemption::v1::RedemptionService;
using ::testing::HasSubstr;

class RewardCatalogue : public CoalitionTest {
 protected:
  CallResult<redemption::v1::Reward> PutReward(const std::string& partner,
                                               const std::string& reward_id, int64_t price,
                                               int64_t stock, bool available = true) {
    redemption::v1::PutRewardRequest request;
    request.set_request_id(UniqueId("reward"));
    redemption::v1::Reward& reward = *request.mutable_reward();
    reward.set_partner_id(partner);
    reward.set_reward_id(reward_id);
    reward.set_name("A free night");
    reward.set_points_price(price);
    reward.set_stock(stock);
    reward.set_available(available);
    return Call(platform().redemption_admin(), &RedemptionAdminService::Stub::PutReward, request,
                "operator");
  }

  CallResult<redemption::v1::RewardOrder> Order(const std::string& partner,
                                                const std::string& reward_id,
                                                const std::string& member,
                                                const std::string& request_id, int quantity = 1) {
    redemption::v1::OrderRewardRequest request;
    request.set_request_id(request_id);
    request.set_partner_id(partner);
    request.set_reward_id(reward_id);
    request.set_member_id(member);
    request.set_quantity(quantity);
    return Call(platform().redemption(), &RedemptionService::Stub::OrderReward, request, partner);
  }

  // The reward's stock as listed, or -1 if it is not listed.
  int64_t StockOf(const std::string& partner, const std::string& reward_id) {
    redemption::v1::ListRewardsRequest request;
    request.set_partner_id(partner);
    auto listed =
        Call(platform().redemption(), &RedemptionService::Stub::ListRewards, request, "mobile");
    EXPECT_TRUE(listed.status.ok()) << listed.status.error_message();
    for (const auto& reward : listed.response.rewards()) {
      if (reward.reward_id() == reward_id) return reward.stock();
    }
    return -1;
  }
};

TEST_F(RewardCatalogue, ThirtyTwoConcurrentOrdersNeverTakeStockBelowZero) {
  const std::string hotel = NewPartner();
  const std::string grocer = NewPartner();
  ASSERT_THAT(PutReward(hotel, "free-night", 100, 10).status, IsOk());
  constexpr int kClients = 32;
  std::vector<std::string> members;
  for (int i = 0; i < kClients; ++i) {
    members.push_back(NewMember());
    Earn(members.back(), grocer, 15'000);  // 150 points each, issued by another partner
  }

  std::atomic<int> ordered{0};
  std::atomic<int> out_of_stock{0};
  std::atomic<int> other{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      auto order = Order(hotel, "free-night", members[static_cast<size_t>(i)], UniqueId("order"));
      if (order.status.ok()) {
        ++ordered;
      } else if (order.status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        ++out_of_stock;
      } else {
        ++other;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(ordered.load(), 10);
  EXPECT_EQ(out_of_stock.load(), kClients - 10);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(StockOf(hotel, "free-night"), 0);
  int64_t points_left = 0;
  for (const std::string& member : members) points_left += Balance(member).available_points();
  EXPECT_EQ(points_left, kClients * 150 - 10 * 100);
}

TEST_F(RewardCatalogue, ARefusedOrderGivesItsStockBackAndARetryOrdersOnce) {
  const std::string hotel = NewPartner();
  const std::string member = NewMember();
  Earn(member, hotel, 25'000);  // 250 points
  ASSERT_THAT(PutReward(hotel, "upgrade", 100, 5).status, IsOk());

  const int64_t sequence = LastLedgerSequence();
  auto too_dear = Order(hotel, "upgrade", member, UniqueId("order"), 3);
  EXPECT_EQ(too_dear.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(StockOf(hotel, "upgrade"), 5);
  EXPECT_EQ(LastLedgerSequence(), sequence);

  const std::string order_id = UniqueId("order");
  auto first = Order(hotel, "upgrade", member, order_id, 2);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  EXPECT_EQ(first.response.points(), 200);
  auto retry = Order(hotel, "upgrade", member, order_id, 2);
  ASSERT_THAT(retry.status, IsOk());
  EXPECT_EQ(retry.response.order_id(), first.response.order_id());
  EXPECT_EQ(StockOf(hotel, "upgrade"), 3);
  EXPECT_EQ(Balance(member).available_points(), 50);

  // The order's spending is refundable like any redemption.
  redemption::v1::RefundRedemptionRequest refund;
  refund.set_request_id(UniqueId("refund"));
  refund.set_redemption_id(first.response.redemption_id());
  refund.set_reason("upgrade not available on arrival");
  ASSERT_TRUE(Call(platform().redemption(), &RedemptionService::Stub::RefundRedemption, refund)
                  .status.ok());
  EXPECT_EQ(Balance(member).available_points(), 250);
}

TEST_F(RewardCatalogue, BadOrdersAndRewardsAreRefusedPrecisely) {
  const std::string hotel = NewPartner();
  const std::string member = NewMember();
  Earn(member, hotel, 100'000);
  ASSERT_THAT(PutReward(hotel, "spa", 100, 5, /*available=*/false).status, IsOk());
  EXPECT_EQ(StockOf(hotel, "spa"), -1);  // not listed
  EXPECT_EQ(Order(hotel, "spa", member, UniqueId("order")).status.error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Order(hotel, "nothing", member, UniqueId("order")).status.error_code(),
            grpc::StatusCode::NOT_FOUND);
  auto too_many = Order(hotel, "spa", member, UniqueId("order"), 11);
  EXPECT_EQ(too_many.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(too_many.status.error_message(), HasSubstr("quantity"));
  EXPECT_EQ(PutReward("no-such-partner", "spa", 100, 5).status.error_code(),
            grpc::StatusCode::NOT_FOUND);
  auto free = PutReward(hotel, "gift", 0, 5);
  EXPECT_EQ(free.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(free.status.error_message(), HasSubstr("reward.points_price"));
  EXPECT_EQ(Balance(member).available_points(), 1'000);
}

}  // namespace
}  // namespace coalition::testing
