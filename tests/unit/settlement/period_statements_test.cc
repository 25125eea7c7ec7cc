// A period's statements priced to the minor unit: each line rounded once, the payment the net.
#include "settlement/period_statements.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "settlement/ledger_facts.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::settlement {
namespace {

TotalsStore::PeriodLine Line(v1::FactKind kind, int64_t points) {
  return {PeriodFact{"p", kind, 0, absl::CivilDay(2026, 11, 1), points, 1}, false};
}

TEST(PeriodStatements, EachLineIsPricedAndRoundedOnceAndThePaymentIsTheNet) {
  admin::v1::PartnerTerms terms;
  terms.mutable_issuance_price()->set_amount_minor(8);  // 0.8 per point
  terms.mutable_issuance_price()->set_per_points(10);
  terms.mutable_reimbursement_price()->set_amount_minor(6);  // 0.6 per point
  terms.mutable_reimbursement_price()->set_per_points(10);
  terms.set_breakage_share_bp(2500);
  v1::Period period;
  period.set_period_start("2026-11-01");
  period.set_period_end("2026-12-01");
  absl::StatusOr<v1::PartnerStatement> statement =
      PriceStatement(period, "p", "EUR",
                     {Line(v1::ISSUED, 1001), Line(v1::REVERSED, 3), Line(v1::REDEEMED, 501),
                      Line(v1::REFUNDED, 1), Line(v1::BREAKAGE, 10)},
                     [&](int64_t) -> absl::StatusOr<admin::v1::PartnerTerms> { return terms; });
  ASSERT_TRUE(statement.ok()) << statement.status();
  // 800.8 -> 801; -2.4 -> -2; -300.6 -> -301; 0.6 -> 1; -(10 x 0.8 x 25%) = -2
  std::vector<int64_t> amounts;
  for (const auto& line : statement->lines()) amounts.push_back(line.amount_minor());
  EXPECT_THAT(amounts, ::testing::ElementsAre(801, -2, -301, 1, -2));
  EXPECT_EQ(statement->net_amount_minor(), 497);
  EXPECT_EQ(statement->payment().direction(), v1::PaymentInstruction::PARTNER_PAYS);
  EXPECT_EQ(statement->payment().amount_minor(), 497);
  EXPECT_EQ(*BreakageKept(Line(v1::BREAKAGE, 10), terms), 6);  // 8.0 less the share of 2

  const absl::StatusOr<v1::PeriodReport> report = AssembleReport(period, {*statement}, {}, 0);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->operator_result(0).amount_minor(), 497);
}

TEST(PeriodStatements, APartnerBeyondTheBoundIsUnpricedAndTheReportStillAddsUp) {
  // The API's largest prices: 10^9 minor units a point, breakage shared back in full.
  admin::v1::PartnerTerms extreme;
  extreme.mutable_issuance_price()->set_amount_minor(1'000'000'000);
  extreme.mutable_issuance_price()->set_per_points(1);
  extreme.mutable_reimbursement_price()->set_amount_minor(1'000'000'000);
  extreme.mutable_reimbursement_price()->set_per_points(1);
  const TermsOf terms_of = [&](int64_t) -> absl::StatusOr<admin::v1::PartnerTerms> {
    return extreme;
  };
  v1::Period period;
  period.set_period_start("2026-11-01");
  // 10^13 points issued (ten purchases at the earn cap): 10^22 minor units, beyond 64 bits.
  absl::StatusOr<v1::PartnerStatement> huge =
      PriceStatement(period, "huge", "EUR",
                     {Line(v1::ISSUED, 10'000'000'000'000), Line(v1::REDEEMED, 3)}, terms_of);
  ASSERT_TRUE(huge.ok()) << huge.status();
  EXPECT_THAT(huge->unpriced_reason(),
              ::testing::HasSubstr("ISSUED at terms version 0 comes to 10000000000000000000000"));
  EXPECT_EQ(huge->payment().direction(), v1::PaymentInstruction::UNPRICED);
  EXPECT_EQ(huge->net_amount_minor(), 0);
  ASSERT_EQ(huge->lines_size(), 2);
  EXPECT_EQ(huge->lines(0).points(), 10'000'000'000'000);  // the points stay, for the operator
  EXPECT_EQ(huge->lines(0).amount_minor(), 0);
  EXPECT_EQ(huge->lines(1).amount_minor(), 0);

  // Each line within the bound, their sum not: the net is held to it too.
  absl::StatusOr<v1::PartnerStatement> two_halves = PriceStatement(
      period, "p", "EUR", {Line(v1::ISSUED, 600'000), Line(v1::REFUNDED, 600'000)}, terms_of);
  EXPECT_THAT(two_halves->unpriced_reason(), ::testing::HasSubstr("the net comes to"));
  // Expired points whose issuance value (which the operator keeps) is beyond it, though the
  // statement's own breakage line (the partner's share, none here) is 0.
  extreme.set_breakage_share_bp(0);
  absl::StatusOr<v1::PartnerStatement> expired =
      PriceStatement(period, "p", "EUR", {Line(v1::BREAKAGE, 1'000'001)}, terms_of);
  EXPECT_THAT(expired->unpriced_reason(), ::testing::HasSubstr("expired points"));
  // At the bound exactly: priced.
  absl::StatusOr<v1::PartnerStatement> at_bound =
      PriceStatement(period, "p", "EUR", {Line(v1::ISSUED, 1'000'000)}, terms_of);
  EXPECT_EQ(at_bound->unpriced_reason(), "");
  EXPECT_EQ(at_bound->net_amount_minor(), 1'000'000'000'000'000);

  // The report takes the unpriced statement as it is: the others' result is unchanged.
  v1::PartnerStatement normal;
  normal.set_partner_id("normal");
  normal.set_currency("EUR");
  normal.set_net_amount_minor(250);
  const absl::StatusOr<v1::PeriodReport> report =
      AssembleReport(period, {normal, *huge, *at_bound}, {}, 0);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->statements_size(), 3);
  EXPECT_EQ(report->operator_result(0).amount_minor(), 1'000'000'000'000'250);
}

TEST(PeriodStatements, IssuanceIsPricedByTheMonthsVolumeTierEachPartRoundedOnce) {
  admin::v1::PartnerTerms terms;
  terms.mutable_issuance_price()->set_amount_minor(10);  // 1.0 per point
  terms.mutable_issuance_price()->set_per_points(10);
  admin::v1::IssuanceTier* lower = terms.add_issuance_tiers();
  lower->set_from_points(1000);
  lower->mutable_price()->set_amount_minor(8);
  lower->mutable_price()->set_per_points(10);
  admin::v1::IssuanceTier* lowest = terms.add_issuance_tiers();
  lowest->set_from_points(5000);
  lowest->mutable_price()->set_amount_minor(5);
  lowest->mutable_price()->set_per_points(10);
  // 900 issued earlier this month: 100 at 1.0, 4000 at 0.8, 900 at 0.5.
  EXPECT_EQ(*TieredIssuance(5000, 900, terms), 100 + 3200 + 450);
  EXPECT_EQ(*TieredIssuance(3, 0, terms), 3);
  EXPECT_EQ(*TieredIssuance(3, 6000, terms), 2);  // 1.5 rounds half away from zero
  v1::Period period;
  absl::StatusOr<v1::PartnerStatement> statement = PriceStatement(
      period, "p", "EUR", {Line(v1::ISSUED, 5000)},
      [&](int64_t) -> absl::StatusOr<admin::v1::PartnerTerms> { return terms; }, 900);
  ASSERT_THAT(statement, IsOk());
  EXPECT_EQ(statement->net_amount_minor(), 3750);
}

}  // namespace
}  // namespace coalition::settlement
