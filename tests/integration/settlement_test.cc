// The statement: the issuing partner owes, the redeeming partner is owed, the operator keeps
// the difference; money rounds once per line.
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

class Settlement : public CoalitionTest {
 protected:
  CallResult<settlement::v1::Statement> Statement(absl::CivilDay start, absl::CivilDay end,
                                                  const std::string& partner_id = "") {
    settlement::v1::GetStatementRequest request;
    request.set_period_start(absl::FormatCivilTime(start));
    request.set_period_end(absl::FormatCivilTime(end));
    request.set_partner_id(partner_id);
    return Call(platform().settlement(), &settlement::v1::SettlementService::Stub::GetStatement,
                request, "operator");
  }
  static absl::CivilDay Today() { return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()); }
};

TEST_F(Settlement, IssuerOwesRedeemerIsOwedOperatorKeepsTheDifference) {
  // Issued at EUR 0.01 a point, reimbursed at EUR 0.008.
  const std::string car_rental =
      NewPartner({.earn_points = 2, .issuance_amount_minor = 1, .issuance_per_points = 1});
  const std::string hotel =
      NewPartner({.reimbursement_amount_minor = 8, .reimbursement_per_points = 10});
  const std::string member = NewMember();
  Earn(member, car_rental, 25'000);  // 500 points
  auto redeemed = Redeem(member, hotel, 400, UniqueId("redeem"));
  ASSERT_THAT(redeemed.status, IsOk());

  auto issuer = Statement(Today(), Today() + 1, car_rental);
  ASSERT_TRUE(issuer.status.ok()) << issuer.status.error_message();
  ASSERT_EQ(issuer.response.lines_size(), 1);
  const auto& owes = issuer.response.lines(0);
  EXPECT_EQ(owes.points_issued(), 500);
  EXPECT_EQ(owes.issuance_amount_minor(), 500);  // EUR 5.00
  EXPECT_EQ(owes.points_redeemed(), 0);
  EXPECT_EQ(owes.net_amount_minor(), 500);
  EXPECT_GE(issuer.response.ledger_sequence(), redeemed.response.posting_sequence());

  auto redeemer = Statement(Today(), Today() + 1, hotel);
  ASSERT_THAT(redeemer.status, IsOk());
  ASSERT_EQ(redeemer.response.lines_size(), 1);
  const auto& owed = redeemer.response.lines(0);
  EXPECT_EQ(owed.points_redeemed(), 400);
  EXPECT_EQ(owed.reimbursement_amount_minor(), 320);  // EUR 3.20
  EXPECT_EQ(owed.net_amount_minor(), -320);
  EXPECT_EQ(owes.net_amount_minor() + owed.net_amount_minor(), 180);  // the operator's EUR 1.80
}

TEST_F(Settlement, MoneyRoundsHalfAwayFromZeroOncePerLine) {
  // EUR 0.012 a point issued, EUR 0.009 a point reimbursed.
  const std::string grocer = NewPartner({.earn_points = 1,
                                         .earn_per_amount_minor = 200,
                                         .issuance_amount_minor = 12,
                                         .issuance_per_points = 10,
                                         .reimbursement_amount_minor = 9,
                                         .reimbursement_per_points = 10});
  const std::string member = NewMember();
  EXPECT_EQ(Earn(member, grocer, 1'700), 8);  // 8 points, 9.6 ct
  EXPECT_EQ(Earn(member, grocer, 1'900), 9);  // 9 points, 10.8 ct: 17 points are 20.4 ct
  ASSERT_THAT(Redeem(member, grocer, 15, UniqueId("redeem")).status, IsOk());  // 13.5 ct

  auto statement = Statement(Today(), Today() + 1, grocer);
  ASSERT_THAT(statement.status, IsOk());
  ASSERT_EQ(statement.response.lines_size(), 1);
  EXPECT_EQ(statement.response.lines(0).issuance_amount_minor(), 20);       // 20.4 -> 20
  EXPECT_EQ(statement.response.lines(0).reimbursement_amount_minor(), 14);  // 13.5 -> 14
  EXPECT_EQ(statement.response.lines(0).net_amount_minor(), 6);
}

TEST_F(Settlement, AnotherPeriodDoesNotSeeTodaysPoints) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);
  auto yesterday = Statement(Today() - 1, Today(), partner);
  ASSERT_THAT(yesterday.status, IsOk());
  EXPECT_EQ(yesterday.response.lines_size(), 0);
}

TEST_F(Settlement, TheOperatorMarginIsTheSumOfNetAmounts) {
  auto statement = Statement(Today() - 30, Today() + 1);
  ASSERT_THAT(statement.status, IsOk());
  int64_t net = 0;
  for (const auto& line : statement.response.lines()) net += line.net_amount_minor();
  int64_t margin = 0;
  for (const auto& amount : statement.response.operator_margin()) margin += amount.amount_minor();
  EXPECT_EQ(margin, net);
}

}  // namespace
}  // namespace coalition::testing
