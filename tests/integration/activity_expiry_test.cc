// The activity policy (--points_expiry=activity --points_expiry_months=12, set for this binary in
// CMake): points live while the member keeps earning or spending.
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

constexpr absl::Duration kDay = absl::Hours(24);

class ActivityExpiry : public CoalitionTest {
 protected:
  void ExpireNow() {
    auto run = RunExpiry(UniqueId("expiry"), 10'000);
    ASSERT_TRUE(run.status.ok()) << run.status.error_message();
    EXPECT_TRUE(run.response.complete());
  }
};

TEST_F(ActivityExpiry, EveryEarnOrSpendKeepsAllPointsAlive) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);  // 100 points
  AdvanceAccountClock(330 * kDay);
  Earn(member, partner, 1'000);  // activity: the first 100 now live 12 months from today
  AdvanceAccountClock(300 * kDay);
  ASSERT_THAT(Redeem(member, partner, 5, UniqueId("redeem")).status, IsOk());  // activity again
  AdvanceAccountClock(300 * kDay);
  ExpireNow();
  EXPECT_EQ(Balance(member).available_points(), 105);
  const account::v1::MemberSummary summary = Summary(member);
  ASSERT_EQ(summary.next_expiring_size(), 1);  // everything now expires on one date
  EXPECT_EQ(summary.next_expiring(0).points(), 105);

  AdvanceAccountClock(70 * kDay);  // 370 days without activity
  ExpireNow();
  EXPECT_EQ(Balance(member).available_points(), 0);
}

TEST_F(ActivityExpiry, AVoidIsNotActivity) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);
  AdvanceAccountClock(200 * kDay);
  auto hold = Hold(member, partner, 10);  // activity: a hold is the member spending
  ASSERT_THAT(hold.status, IsOk());
  AdvanceAccountClock(200 * kDay);
  ASSERT_THAT(Void(hold.response.hold_id(), UniqueId("void")).status, IsOk());  // not activity
  AdvanceAccountClock(200 * kDay);  // 400 days after the hold
  ExpireNow();
  EXPECT_EQ(Balance(member).available_points(), 0);
}

TEST_F(ActivityExpiry, PointsHeldWhenTheMemberWasLastActiveComeBackAlive) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);
  AdvanceAccountClock(200 * kDay);
  auto hold = Hold(member, partner, 100);  // every point, on the member's last activity
  ASSERT_THAT(hold.status, IsOk());
  AdvanceAccountClock(200 * kDay);  // past a year from the earn, not from the hold
  ASSERT_THAT(Void(hold.response.hold_id(), UniqueId("void")).status, IsOk());
  ExpireNow();
  EXPECT_EQ(Balance(member).available_points(), 100);
}

}  // namespace
}  // namespace coalition::testing
