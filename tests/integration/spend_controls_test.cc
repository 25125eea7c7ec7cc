// The spending controls through the real binaries: the daily and velocity limits per member and
// the partner kill switch, each refusal with its exact status, recorded, and leaving the ledger
// as it was.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using redemption::v1::RedemptionAdminService;
using ::testing::HasSubstr;

class SpendControls : public CoalitionTest {
 protected:
  void TearDown() override { ASSERT_THAT(platform().LiftBurnLimits(), IsOk()); }

  void SetLimits(int64_t daily_points, int per_minute) {
    redemption::v1::SetBurnLimitsRequest request;
    request.set_request_id(UniqueId("limits"));
    request.mutable_limits()->set_daily_points(daily_points);
    request.mutable_limits()->set_redemptions_per_minute(per_minute);
    auto set = Call(platform().redemption_admin(), &RedemptionAdminService::Stub::SetBurnLimits,
                    request, "operator");
    ASSERT_TRUE(set.status.ok()) << set.status.error_message();
    EXPECT_EQ(set.response.daily_points(), daily_points);
  }

  void Switch(const std::string& partner, bool enabled) {
    redemption::v1::SetPartnerRedemptionsRequest request;
    request.set_request_id(UniqueId("switch"));
    request.set_partner_id(partner);
    request.set_enabled(enabled);
    request.set_reason(enabled ? "cleared" : "suspected card testing");
    auto set = Call(platform().redemption_admin(),
                    &RedemptionAdminService::Stub::SetPartnerRedemptions, request, "operator");
    ASSERT_TRUE(set.status.ok()) << set.status.error_message();
    EXPECT_EQ(set.response.enabled(), enabled);
  }

  std::vector<redemption::v1::BurnRefusal> RefusalsOf(const std::string& member,
                                                      const std::string& partner = "") {
    redemption::v1::ListBurnRefusalsRequest request;
    request.set_member_id(member);
    request.set_partner_id(partner);
    auto listed = Call(platform().redemption_admin(),
                       &RedemptionAdminService::Stub::ListBurnRefusals, request, "operator");
    EXPECT_TRUE(listed.status.ok()) << listed.status.error_message();
    return {listed.response.refusals().begin(), listed.response.refusals().end()};
  }
};

TEST_F(SpendControls, TheDailyLimitCountsWhatIsSpentOrHeldButNotWhatIsVoided) {
  SetLimits(/*daily_points=*/1'000, /*per_minute=*/0);
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 500'000);  // 5,000 points
  ASSERT_THAT(Redeem(member, partner, 600, UniqueId("redeem")).status, IsOk());
  auto hold = Hold(member, partner, 300);
  ASSERT_TRUE(hold.status.ok()) << hold.status.error_message();
  const int64_t sequence = LastLedgerSequence();

  auto over = Redeem(member, partner, 200, UniqueId("redeem"));
  EXPECT_EQ(over.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(over.status.error_message(), HasSubstr("100 left today"));
  EXPECT_EQ(Hold(member, partner, 101).status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(LastLedgerSequence(), sequence);
  EXPECT_EQ(Balance(member).available_points(), 4'100);

  ASSERT_THAT(Void(hold.response.hold_id(), UniqueId("void")).status, IsOk());
  EXPECT_THAT(Redeem(member, partner, 400, UniqueId("redeem")).status, IsOk());
  EXPECT_EQ(Redeem(member, partner, 1, UniqueId("redeem")).status.error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);

  const auto refusals = RefusalsOf(member);
  ASSERT_EQ(refusals.size(), 3u);
  EXPECT_EQ(refusals[0].control(), "daily limit");
  EXPECT_EQ(refusals[0].points(), 1);
  EXPECT_EQ(refusals[2].points(), 200);
  EXPECT_THAT(refusals[2].message(), HasSubstr("100 left today"));
}

TEST_F(SpendControls, TheVelocityLimitRefusesTheNextRedemptionUntilAMinutePasses) {
  SetLimits(/*daily_points=*/0, /*per_minute=*/3);
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  const std::string other_member = NewMember();
  Earn(member, partner, 100'000);
  Earn(other_member, partner, 100'000);
  for (int i = 0; i < 3; ++i) ASSERT_THAT(Redeem(member, partner, 10, UniqueId("r")), IsOk());
  const int64_t sequence = LastLedgerSequence();
  auto fourth = Redeem(member, partner, 10, UniqueId("r"));
  EXPECT_EQ(fourth.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(fourth.status.error_message(), HasSubstr("3 redemptions per minute"));
  EXPECT_EQ(LastLedgerSequence(), sequence);
  EXPECT_THAT(Redeem(other_member, partner, 10, UniqueId("r")).status, IsOk());  // per member

  AdvanceClock(platform().redemption_clock(), absl::Seconds(61));
  EXPECT_THAT(Redeem(member, partner, 10, UniqueId("r")).status, IsOk());
  const auto refusals = RefusalsOf(member);
  ASSERT_EQ(refusals.size(), 1u);
  EXPECT_EQ(refusals[0].control(), "velocity");
}

TEST_F(SpendControls, TheKillSwitchStopsSpendingAtOnePartnerButLetsVoidsReturnPoints) {
  const std::string hotel = NewPartner();
  const std::string grocer = NewPartner();
  const std::string member = NewMember();
  Earn(member, grocer, 100'000);  // 1,000 points
  auto earlier_hold = Hold(member, hotel, 100);
  auto to_void = Hold(member, hotel, 100);
  ASSERT_THAT(earlier_hold, IsOk());
  ASSERT_THAT(to_void, IsOk());
  const std::string redeem_id = UniqueId("redeem");
  ASSERT_THAT(Redeem(member, hotel, 50, redeem_id).status, IsOk());

  Switch(hotel, false);
  const int64_t sequence = LastLedgerSequence();
  auto redeemed = Redeem(member, hotel, 50, UniqueId("redeem"));
  EXPECT_EQ(redeemed.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(redeemed.status.error_message(), HasSubstr("suspected card testing"));
  EXPECT_EQ(Hold(member, hotel, 50).status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Capture(earlier_hold.response.hold_id(), 0, UniqueId("capture")).status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(LastLedgerSequence(), sequence);
  EXPECT_THAT(Redeem(member, hotel, 50, redeem_id).status, IsOk());  // a retry: its first answer
  EXPECT_THAT(Redeem(member, grocer, 50, UniqueId("redeem")).status, IsOk());
  EXPECT_THAT(Void(to_void.response.hold_id(), UniqueId("void")).status, IsOk());

  const auto refusals = RefusalsOf("", hotel);
  ASSERT_EQ(refusals.size(), 3u);
  for (const auto& refusal : refusals) EXPECT_EQ(refusal.control(), "kill switch");

  Switch(hotel, true);
  EXPECT_THAT(Capture(earlier_hold.response.hold_id(), 0, UniqueId("capture")).status, IsOk());
  EXPECT_THAT(Redeem(member, hotel, 50, UniqueId("redeem")).status, IsOk());
}

TEST_F(SpendControls, BadSettingsAreRefusedAndChangeNothing) {
  redemption::v1::SetBurnLimitsRequest limits;
  limits.set_request_id(UniqueId("limits"));
  limits.mutable_limits()->set_daily_points(-1);
  auto refused = Call(platform().redemption_admin(), &RedemptionAdminService::Stub::SetBurnLimits,
                      limits, "operator");
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.status.error_message(), HasSubstr("limits.daily_points"));

  redemption::v1::SetPartnerRedemptionsRequest request;
  request.set_request_id(UniqueId("switch"));
  request.set_partner_id("no-such-partner");
  request.set_reason("fraud");
  EXPECT_EQ(Call(platform().redemption_admin(),
                 &RedemptionAdminService::Stub::SetPartnerRedemptions, request, "operator")
                .status.error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_partner_id(NewPartner());
  request.clear_reason();
  EXPECT_EQ(Call(platform().redemption_admin(),
                 &RedemptionAdminService::Stub::SetPartnerRedemptions, request, "operator")
                .status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  auto current = Call(platform().redemption_admin(), &RedemptionAdminService::Stub::GetBurnLimits,
                      redemption::v1::GetBurnLimitsRequest{}, "operator");
  ASSERT_THAT(current.status, IsOk());
  EXPECT_EQ(current.response.daily_points(), 0);  // as the platform lifted them
}

}  // namespace
}  // namespace coalition::testing
