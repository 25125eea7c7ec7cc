// Partners' burn terms through the real binaries: a quote for a bill, and redemptions and holds
// held to the terms, with every refusal leaving the ledger as it was.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using redemption::v1::RedemptionAdminService;
using redemption::v1::RedemptionService;

class RedemptionTerms : public CoalitionTest {
 protected:
  // 100 points are worth 1.00; points pay at most 20% of a bill, at least 500 at a time.
  std::string HotelWithTerms() {
    const std::string hotel = NewPartner();
    redemption::v1::PublishBurnTermsRequest request;
    request.set_request_id(UniqueId("terms"));
    redemption::v1::BurnTerms& terms = *request.mutable_terms();
    terms.set_partner_id(hotel);
    terms.set_value_amount_minor(100);
    terms.set_value_per_points(100);
    terms.set_max_bill_share_bp(2000);
    terms.set_min_points(500);
    auto published = Call(platform().redemption_admin(),
                          &RedemptionAdminService::Stub::PublishBurnTerms, request, "operator");
    EXPECT_TRUE(published.status.ok()) << published.status.error_message();
    EXPECT_EQ(published.response.version(), 1);
    return hotel;
  }

  CallResult<redemption::v1::Redemption> RedeemOnBill(const std::string& member,
                                                      const std::string& partner, int64_t points,
                                                      int64_t bill_minor) {
    redemption::v1::RedeemRequest request;
    request.set_request_id(UniqueId("redeem"));
    request.set_partner_id(partner);
    request.set_member_id(member);
    request.set_points(points);
    request.set_bill_amount_minor(bill_minor);
    request.set_currency("EUR");
    return Call(platform().redemption(), &RedemptionService::Stub::Redeem, request, partner);
  }
};

TEST_F(RedemptionTerms, AQuoteSaysHowManyPointsABillTakesAndWhatIsLeftToPay) {
  const std::string car = NewPartner();
  const std::string hotel = HotelWithTerms();
  const std::string member = NewMember();
  Earn(member, car, 1'200'000);  // 12,000 points, issued by another partner
  redemption::v1::QuoteRedemptionRequest request;
  request.set_partner_id(hotel);
  request.set_member_id(member);
  request.set_bill_amount_minor(25'000);
  request.set_currency("EUR");
  auto quote =
      Call(platform().redemption(), &RedemptionService::Stub::QuoteRedemption, request, "mobile");
  ASSERT_TRUE(quote.status.ok()) << quote.status.error_message();
  EXPECT_EQ(quote.response.max_points(), 5'000);
  EXPECT_EQ(quote.response.points_value_minor(), 5'000);
  EXPECT_EQ(quote.response.remaining_to_pay_minor(), 20'000);
  EXPECT_EQ(quote.response.limited_by(), "bill share");

  request.set_currency("USD");
  auto other =
      Call(platform().redemption(), &RedemptionService::Stub::QuoteRedemption, request, "mobile");
  EXPECT_EQ(other.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request.set_currency("EUR");
  request.set_partner_id(car);  // no terms published
  EXPECT_EQ(
      Call(platform().redemption(), &RedemptionService::Stub::QuoteRedemption, request, "mobile")
          .status.error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(RedemptionTerms, RedemptionsAreHeldToTheTermsAndARefusalChangesNothing) {
  const std::string car = NewPartner();
  const std::string hotel = HotelWithTerms();
  const std::string member = NewMember();
  Earn(member, car, 1'200'000);
  const int64_t sequence = LastLedgerSequence();

  auto too_much = RedeemOnBill(member, hotel, 5'001, 25'000);
  EXPECT_EQ(too_much.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(too_much.status.error_message(),
            "points: 5001 points are worth 5001 minor units, more than the 5000 (2000 bp of the "
            "bill) payable in points");
  auto too_few = RedeemOnBill(member, hotel, 499, 25'000);
  EXPECT_EQ(too_few.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  redemption::v1::HoldPointsRequest hold;
  hold.set_request_id(UniqueId("hold"));
  hold.set_partner_id(hotel);
  hold.set_member_id(member);
  hold.set_points(100);
  EXPECT_EQ(Call(platform().redemption(), &RedemptionService::Stub::HoldPoints, hold, hotel)
                .status.error_message(),
            "points: partner '" + hotel + "' takes at least 500 points per redemption, got 100");
  EXPECT_EQ(LastLedgerSequence(), sequence);
  EXPECT_EQ(Balance(member).available_points(), 12'000);

  auto paid = RedeemOnBill(member, hotel, 5'000, 25'000);
  ASSERT_TRUE(paid.status.ok()) << paid.status.error_message();
  EXPECT_EQ(Balance(member).available_points(), 7'000);
}

TEST_F(RedemptionTerms, AHoldNotCapturedInTimeIsReleasedAndCanNoLongerBeCaptured) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);  // 100 points
  redemption::v1::HoldPointsRequest request;
  request.set_request_id(UniqueId("hold"));
  request.set_partner_id(partner);
  request.set_member_id(member);
  request.set_points(60);
  request.set_ttl_s(60);
  auto first =
      Call(platform().redemption(), &RedemptionService::Stub::HoldPoints, request, partner);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  EXPECT_TRUE(first.response.has_expire_time());
  request.set_request_id(UniqueId("hold"));
  request.set_points(30);
  auto second =
      Call(platform().redemption(), &RedemptionService::Stub::HoldPoints, request, partner);
  ASSERT_THAT(second.status, IsOk());
  EXPECT_EQ(Balance(member).available_points(), 10);

  AdvanceClock(platform().redemption_clock(), absl::Seconds(61));
  auto late = Capture(first.response.hold_id(), 0, UniqueId("capture"));
  EXPECT_EQ(late.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(late.status.error_message(), ::testing::HasSubstr("expired at "));
  EXPECT_EQ(Balance(member).available_points(), 70);

  // The sweeper's work, asked for at once rather than waited for.
  redemption::v1::ReleaseExpiredHoldsRequest sweep;
  auto swept = Call(platform().redemption_admin(),
                    &RedemptionAdminService::Stub::ReleaseExpiredHolds, sweep, "operator");
  ASSERT_TRUE(swept.status.ok()) << swept.status.error_message();
  EXPECT_TRUE(swept.response.complete());
  redemption::v1::GetHoldRequest get;
  get.set_hold_id(second.response.hold_id());
  EXPECT_EQ(Call(platform().redemption(), &RedemptionService::Stub::GetHold, get, partner)
                .response.state(),
            redemption::v1::Hold::EXPIRED);
  EXPECT_EQ(Balance(member).available_points(), 100);
  auto void_late = Void(second.response.hold_id(), UniqueId("void"));
  EXPECT_EQ(void_late.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(void_late.status.error_message(),
            "hold '" + second.response.hold_id() + "' is already EXPIRED");
}

TEST_F(RedemptionTerms, ARetryGetsItsFirstAnswerEvenAfterTheTermsChanged) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 100'000);  // 1,000 points
  const std::string request_id = UniqueId("redeem");
  auto first = Redeem(member, partner, 100, request_id);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();

  redemption::v1::PublishBurnTermsRequest publish;
  publish.set_request_id(UniqueId("terms"));
  redemption::v1::BurnTerms& terms = *publish.mutable_terms();
  terms.set_partner_id(partner);
  terms.set_value_amount_minor(1);
  terms.set_value_per_points(1);
  terms.set_max_bill_share_bp(10'000);
  terms.set_min_points(500);
  ASSERT_TRUE(Call(platform().redemption_admin(), &RedemptionAdminService::Stub::PublishBurnTerms,
                   publish, "operator")
                  .status.ok());

  auto retried = Redeem(member, partner, 100, request_id);
  ASSERT_TRUE(retried.status.ok()) << retried.status.error_message();
  EXPECT_EQ(retried.response.SerializeAsString(), first.response.SerializeAsString());
  EXPECT_EQ(Redeem(member, partner, 100, UniqueId("redeem")).status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Balance(member).available_points(), 900);
}

}  // namespace
}  // namespace coalition::testing
