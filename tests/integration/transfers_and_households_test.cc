// Member-to-member transfers with the daily limit, and households whose pool only the owner
// spends, through the real binaries. The platform runs with the default limit of 10,000 points a
// day; the default test partner earns 1 point per 1.00.
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using account::v1::AccountService;
using account::v1::Household;
using account::v1::Transfer;
using ::testing::ElementsAre;

class TransfersAndHouseholds : public CoalitionTest {
 protected:
  CallResult<Transfer> Send(const std::string& from, const std::string& to, int64_t points,
                            const std::string& request_id = "", bool to_household = false) {
    account::v1::TransferPointsRequest request;
    request.set_request_id(request_id.empty() ? UniqueId("transfer") : request_id);
    request.set_from_member_id(from);
    if (to_household) {
      request.set_to_household_id(to);
    } else {
      request.set_to_member_id(to);
    }
    request.set_points(points);
    return Call(platform().accounts(), &AccountService::Stub::TransferPoints, request);
  }

  CallResult<Household> NewHousehold(const std::string& owner) {
    account::v1::CreateHouseholdRequest request;
    request.set_request_id(UniqueId("household"));
    request.set_owner_member_id(owner);
    request.set_display_name("The Smiths");
    return Call(platform().accounts(), &AccountService::Stub::CreateHousehold, request);
  }

  CallResult<Household> Join(const std::string& household, const std::string& member,
                             const std::string& request_id) {
    account::v1::AddHouseholdMemberRequest request;
    request.set_request_id(request_id);
    request.set_household_id(household);
    request.set_member_id(member);
    return Call(platform().accounts(), &AccountService::Stub::AddHouseholdMember, request);
  }

  Household Get(const std::string& household) {
    account::v1::GetHouseholdRequest request;
    request.set_household_id(household);
    auto got = Call(platform().accounts(), &AccountService::Stub::GetHousehold, request);
    EXPECT_TRUE(got.status.ok()) << got.status.error_message();
    return got.response;
  }

  CallResult<redemption::v1::Redemption> RedeemFromPool(const std::string& member,
                                                        const std::string& household,
                                                        const std::string& partner,
                                                        int64_t points) {
    redemption::v1::RedeemRequest request;
    request.set_request_id(UniqueId("pool-redeem"));
    request.set_partner_id(partner);
    request.set_member_id(member);
    request.set_household_id(household);
    request.set_points(points);
    return Call(platform().redemption(), &redemption::v1::RedemptionService::Stub::Redeem, request,
                partner);
  }
};

TEST_F(TransfersAndHouseholds, ATransferMovesPointsWithTheirExpiryAndARetryChangesNothing) {
  const std::string partner = NewPartner();
  const std::string alice = NewMember();
  const std::string bob = NewMember();
  Earn(alice, partner, 50'000);  // 500 points
  const auto alice_expiry = Summary(alice).next_expiring(0).expire_time().seconds();
  AdvanceAccountClock(absl::Hours(24 * 40));
  Earn(bob, partner, 10'000);  // 100 points of bob's own, expiring later

  const std::string request_id = UniqueId("transfer");
  auto sent = Send(alice, bob, 200, request_id);
  ASSERT_TRUE(sent.status.ok()) << sent.status.error_message();
  EXPECT_EQ(sent.response.points(), 200);
  EXPECT_EQ(sent.response.daily_points_left(), 9'800);
  auto retried = Send(alice, bob, 200, request_id);
  ASSERT_THAT(retried.status, IsOk());
  EXPECT_EQ(retried.response.SerializeAsString(), sent.response.SerializeAsString());

  EXPECT_EQ(Balance(alice).available_points(), 300);
  EXPECT_EQ(Balance(bob).available_points(), 300);
  // Bob's transferred points still expire on Alice's date, before his own.
  const auto summary = Summary(bob, 1);
  ASSERT_EQ(summary.next_expiring_size(), 2);
  EXPECT_EQ(summary.next_expiring(0).points(), 200);
  EXPECT_EQ(summary.next_expiring(0).expire_time().seconds(), alice_expiry);
  EXPECT_EQ(summary.next_expiring(1).points(), 100);
  EXPECT_EQ(summary.recent_transactions(0).type(), account::v1::TRANSFER);
  EXPECT_EQ(summary.recent_transactions(0).points(), 200);

  auto reused = Send(alice, bob, 201, request_id);
  EXPECT_EQ(reused.status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  auto too_many = Send(alice, bob, 301);
  EXPECT_EQ(too_many.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(too_many.status.error_message(),
            "insufficient points: member '" + alice + "' has 300 available, the posting needs 301");
  EXPECT_EQ(Balance(bob).available_points(), 300);
}

TEST_F(TransfersAndHouseholds, TheDailyLimitRefusesWithoutChangingAnythingAndResetsNextDay) {
  const std::string partner = NewPartner();
  const std::string alice = NewMember();
  const std::string bob = NewMember();
  Earn(alice, partner, 2'000'000);  // 20,000 points
  ASSERT_THAT(Send(alice, bob, 6'000).status, IsOk());
  const int64_t sequence = LastLedgerSequence();

  auto refused = Send(alice, bob, 5'000);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(
      refused.status.error_message(),
      "points: member '" + alice +
          "' may transfer 10000 points a day (UTC) and has transferred 6000 today; 4000 left");
  EXPECT_EQ(LastLedgerSequence(), sequence);
  EXPECT_EQ(Balance(alice).available_points(), 14'000);

  auto rest = Send(alice, bob, 4'000);
  ASSERT_TRUE(rest.status.ok()) << rest.status.error_message();
  EXPECT_EQ(rest.response.daily_points_left(), 0);
  AdvanceAccountClock(absl::Hours(24));
  auto next_day = Send(alice, bob, 1'000);
  ASSERT_TRUE(next_day.status.ok()) << next_day.status.error_message();
  EXPECT_EQ(next_day.response.daily_points_left(), 9'000);
}

TEST_F(TransfersAndHouseholds, ConcurrentTransfersNeverPassTheDailyLimit) {
  const std::string partner = NewPartner();
  const std::string alice = NewMember();
  const std::string bob = NewMember();
  Earn(alice, partner, 2'000'000);  // 20,000 points
  std::vector<CallResult<Transfer>> results(16);
  std::vector<std::thread> senders;
  for (auto& result : results) {
    senders.emplace_back([&] { result = Send(alice, bob, 1'000); });
  }
  for (auto& sender : senders) sender.join();
  int sent = 0;
  for (const auto& result : results) {
    if (result.status.ok()) {
      ++sent;
    } else {
      EXPECT_EQ(result.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
          << result.status.error_message();
    }
  }
  EXPECT_EQ(sent, 10);
  EXPECT_EQ(Balance(alice).available_points(), 10'000);
  EXPECT_EQ(Balance(bob).available_points(), 10'000);
}

TEST_F(TransfersAndHouseholds, OnlyTheOwnerSpendsThePoolAndARefusalChangesNothing) {
  const std::string partner = NewPartner();
  const std::string owner = NewMember();
  const std::string child = NewMember();
  auto created = NewHousehold(owner);
  ASSERT_TRUE(created.status.ok()) << created.status.error_message();
  const std::string household = created.response.household_id();
  ASSERT_THAT(Join(household, child, UniqueId("join")).status, IsOk());

  Earn(child, partner, 30'000);
  Earn(owner, partner, 10'000);
  ASSERT_THAT(Send(child, household, 200, "", /*to_household=*/true).status, IsOk());
  ASSERT_THAT(Send(owner, household, 100, "", /*to_household=*/true).status, IsOk());
  Household pooled = Get(household);
  EXPECT_EQ(pooled.pooled_points(), 300);
  EXPECT_THAT(pooled.member_ids(), ElementsAre(owner, child));
  EXPECT_EQ(Balance(child).available_points(), 100);

  const int64_t sequence = LastLedgerSequence();
  auto refused = RedeemFromPool(child, household, partner, 50);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(refused.status.error_message(), "member_id: member '" + child +
                                                "' is not the owner of household '" + household +
                                                "': only the owner may spend its pooled points");
  EXPECT_EQ(LastLedgerSequence(), sequence);
  EXPECT_EQ(Get(household).pooled_points(), 300);

  auto spent = RedeemFromPool(owner, household, partner, 250);
  ASSERT_TRUE(spent.status.ok()) << spent.status.error_message();
  EXPECT_EQ(spent.response.household_id(), household);
  EXPECT_EQ(Get(household).pooled_points(), 50);
  EXPECT_EQ(Balance(owner).available_points(), 0);  // the owner's own points are untouched
  auto overdrawn = RedeemFromPool(owner, household, partner, 51);
  EXPECT_EQ(overdrawn.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(overdrawn.status.error_message(), "insufficient points: household '" + household +
                                                  "' has 50 pooled, the posting needs 51");
}

TEST_F(TransfersAndHouseholds, MembershipRulesAndRetries) {
  const std::string partner = NewPartner();
  const std::string owner = NewMember();
  const std::string child = NewMember();
  const std::string stranger = NewMember();
  const std::string household = NewHousehold(owner).response.household_id();
  const std::string join_id = UniqueId("join");
  auto joined = Join(household, child, join_id);
  ASSERT_TRUE(joined.status.ok()) << joined.status.error_message();

  auto again = Join(household, child, UniqueId("join"));
  EXPECT_EQ(again.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(again.status.error_message(),
            "member_id: member '" + child + "' is already in household '" + household + "'");
  auto second = NewHousehold(child);
  EXPECT_EQ(second.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  Earn(stranger, partner, 10'000);
  auto outsider = Send(stranger, household, 10, "", /*to_household=*/true);
  EXPECT_EQ(outsider.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(outsider.status.error_message(), "from_member_id: member '" + stranger +
                                                 "' is not in household '" + household +
                                                 "': only its members pool points into it");

  account::v1::RemoveHouseholdMemberRequest leave;
  leave.set_request_id(UniqueId("leave"));
  leave.set_household_id(household);
  leave.set_member_id(owner);
  auto owner_leaves =
      Call(platform().accounts(), &AccountService::Stub::RemoveHouseholdMember, leave);
  EXPECT_EQ(owner_leaves.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  leave.set_request_id(UniqueId("leave"));
  leave.set_member_id(child);
  auto left = Call(platform().accounts(), &AccountService::Stub::RemoveHouseholdMember, leave);
  ASSERT_TRUE(left.status.ok()) << left.status.error_message();
  EXPECT_THAT(left.response.member_ids(), ElementsAre(owner));

  // A retry of the join answers as it first did, and does not join again.
  auto retried = Join(household, child, join_id);
  ASSERT_THAT(retried.status, IsOk());
  EXPECT_EQ(retried.response.SerializeAsString(), joined.response.SerializeAsString());
  EXPECT_THAT(Get(household).member_ids(), ElementsAre(owner));
}

TEST_F(TransfersAndHouseholds, BadTransfersNameTheField) {
  const std::string alice = NewMember();
  account::v1::TransferPointsRequest both;
  both.set_request_id(UniqueId("transfer"));
  both.set_from_member_id(alice);
  both.set_to_member_id("mbr_x");
  both.set_to_household_id("hh_x");
  both.set_points(1);
  auto refused = Call(platform().accounts(), &AccountService::Stub::TransferPoints, both);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(refused.status.error_message(),
            "to_member_id: set exactly one of to_member_id and to_household_id");
  EXPECT_EQ(Send(alice, alice, 1).status.error_message(),
            "to_member_id: must differ from from_member_id");
  EXPECT_EQ(Send(alice, "mbr_x", 0).status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto nobody = Send(alice, "mbr_nobody", 1);
  EXPECT_EQ(nobody.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(nobody.status.error_message(), "to_member_id: no member 'mbr_nobody'");
  auto no_household = Send(alice, "hh_nowhere", 1, "", /*to_household=*/true);
  EXPECT_EQ(no_household.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(no_household.status.error_message(), "to_household_id: no household 'hh_nowhere'");
}

TEST_F(TransfersAndHouseholds, PooledPointsExpireLikeAnyOthers) {
  const std::string partner = NewPartner();
  const std::string owner = NewMember();
  const std::string household = NewHousehold(owner).response.household_id();
  Earn(owner, partner, 10'000);
  ASSERT_THAT(Send(owner, household, 60, "", /*to_household=*/true).status, IsOk());
  AdvanceAccountClock(absl::Hours(24 * 31 * 25));
  auto run = RunExpiry(UniqueId("expiry"));
  ASSERT_TRUE(run.status.ok()) << run.status.error_message();
  EXPECT_EQ(Get(household).pooled_points(), 0);
  EXPECT_EQ(Balance(owner).available_points(), 0);
}

}  // namespace
}  // namespace coalition::testing
