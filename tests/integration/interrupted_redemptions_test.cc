// Work a crash interrupted between the ledger and the redemption service's records is finished by
// re-sending its postings. The crash is staged white-box: the rows are left as a process that
// died at that point would leave them.
#include "gtest/gtest.h"
#include "services/common/proto_time.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using redemption::v1::RedemptionAdminService;
using redemption::v1::RedemptionService;

class InterruptedRedemptions : public CoalitionTest {
 protected:
  redemption::v1::FinishInterruptedResponse FinishInterrupted() {
    auto finished =
        Call(platform().redemption_admin(), &RedemptionAdminService::Stub::FinishInterrupted,
             redemption::v1::FinishInterruptedRequest{}, "operator");
    EXPECT_TRUE(finished.status.ok()) << finished.status.error_message();
    return finished.response;
  }

  void Execute(const std::string& sql) {
    auto db = ServiceDb("redemption");
    ASSERT_TRUE(db.ok()) << db.status();
    const absl::Status executed = db->Execute(sql);
    ASSERT_TRUE(executed.ok()) << executed;
  }

  int64_t RedemptionNowUs() { return absl::ToUnixMicros(ClockNow(platform().redemption_clock())); }
};

TEST_F(InterruptedRedemptions, ACaptureClaimedButNeverPostedIsFinishedAfterThirtySeconds) {
  const std::string car = NewPartner();
  const std::string hotel = NewPartner();
  const std::string member = NewMember();
  Earn(member, car, 10'000);  // 100 points
  auto hold = Hold(member, hotel, 100);
  ASSERT_THAT(hold.status, IsOk());
  // The capture of 40 claimed the hold, then the process died before the ledger heard of it.
  Execute(
      absl::StrCat("UPDATE holds SET closing_state = 2, closing_points = 40, closing_since_us = ",
                   RedemptionNowUs(),
                   ", close_caller = 'hotel-pos', close_request_id = 'capture-1',"
                   " close_fingerprint = 'f', reimburse_minor = 32, reimburse_currency = 'EUR',"
                   " price_amount_minor = 8, price_per_points = 10 WHERE hold_id = '",
                   hold.response.hold_id(), "'"));
  EXPECT_EQ(FinishInterrupted().holds_closed(), 0);  // it may still be in flight
  EXPECT_EQ(Capture(hold.response.hold_id(), 0, UniqueId("capture")).status.error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // claimed: no one else may close it

  AdvanceClock(platform().redemption_clock(), absl::Seconds(31));
  EXPECT_LE(FinishInterrupted().holds_closed(), 1);  // 0 if the service's sweeper came first
  redemption::v1::GetHoldRequest get;
  get.set_hold_id(hold.response.hold_id());
  auto closed = Call(platform().redemption(), &RedemptionService::Stub::GetHold, get);
  ASSERT_THAT(closed.status, IsOk());
  EXPECT_EQ(closed.response.state(), redemption::v1::Hold::CAPTURED);
  EXPECT_EQ(closed.response.captured_points(), 40);
  EXPECT_EQ(closed.response.reimbursement().amount_minor(), 32);
  const account::v1::Balance balance = Balance(member);
  EXPECT_EQ(balance.available_points(), 60);
  EXPECT_EQ(balance.held_points(), 0);
  EXPECT_EQ(FinishInterrupted().holds_closed(), 0);  // nothing twice
  EXPECT_EQ(Balance(member).available_points(), 60);
}

TEST_F(InterruptedRedemptions, ARefundReservedButNeverPostedIsPostedOnce) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);
  auto redeemed = Redeem(member, partner, 100, UniqueId("redeem"));
  ASSERT_THAT(redeemed.status, IsOk());
  const std::string& id = redeemed.response.redemption_id();
  // A refund of 30 was reserved, then the process died before posting it.
  Execute(
      absl::StrCat("UPDATE redemptions SET refunded_points = 30 WHERE redemption_id = '", id, "'"));
  Execute(absl::StrCat(
      "INSERT INTO redemption_refunds (refund_id, caller, request_id, request_fingerprint,"
      " spending_id, partner_id, member_id, household_id, points, refunded_points,"
      " reimburse_minor, reimburse_currency, reason, refund_time_us) VALUES ('rfd_staged',"
      " 'hotel-pos', 'refund-1', 'f', '",
      id, "', '", partner, "', '", member, "', '', 30, 30, -24, 'EUR', 'staged', ",
      RedemptionNowUs(), ")"));
  AdvanceClock(platform().redemption_clock(), absl::Seconds(31));
  EXPECT_LE(FinishInterrupted().refunds_posted(), 1);  // 0 if the service's sweeper came first
  EXPECT_EQ(Balance(member).available_points(), 30);
  EXPECT_EQ(FinishInterrupted().refunds_posted(), 0);
  EXPECT_EQ(Balance(member).available_points(), 30);
}

}  // namespace
}  // namespace coalition::testing
