// Settlement periods as pure functions: the calendar, what ledger legs mean, and the pricing of
// a period's lines, to the minor unit.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "settlement/ledger_facts.h"
#include "settlement/ledger_recount.h"
#include "settlement/liability.h"
#include "settlement/period_calendar.h"
#include "settlement/period_statements.h"

namespace coalition::settlement {
namespace {

TEST(PeriodCalendar, PeriodsAreWholeUtcDaysWeeksFromMondayOrMonths) {
  const absl::CivilDay tuesday(2026, 11, 24);
  EXPECT_EQ(PeriodCalendar::Parse("daily")->StartOf(tuesday), tuesday);
  EXPECT_EQ(PeriodCalendar::Parse("weekly")->StartOf(tuesday), absl::CivilDay(2026, 11, 23));
  EXPECT_EQ(PeriodCalendar::Parse("weekly")->StartOf(absl::CivilDay(2026, 11, 23)),
            absl::CivilDay(2026, 11, 23));
  EXPECT_EQ(PeriodCalendar::Monthly().StartOf(tuesday), absl::CivilDay(2026, 11, 1));
  EXPECT_EQ(PeriodCalendar::Monthly().EndOf(absl::CivilDay(2026, 12, 1)),
            absl::CivilDay(2027, 1, 1));
  EXPECT_FALSE(PeriodCalendar::Monthly().IsStart(tuesday));
  EXPECT_TRUE(absl::IsInvalidArgument(PeriodCalendar::Parse("yearly").status()));
}

account::v1::Posting Posting(
    const std::string& partner_id,
    std::initializer_list<std::pair<account::v1::AccountKind, int64_t>> legs,
    const std::string& owner = "p") {
  account::v1::Posting posting;
  posting.set_partner_id(partner_id);
  posting.mutable_occur_time()->set_seconds(1'795'000'000);
  for (const auto& [kind, points] : legs) {
    account::v1::Leg* leg = posting.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(kind == account::v1::MEMBER ? "m" : owner);
    leg->set_points(points);
  }
  return posting;
}

TEST(LedgerFacts, EachKindComesFromTheAccountAndDirectionOfALeg) {
  using account::v1::AccountKind;
  google::protobuf::RepeatedPtrField<account::v1::Posting> postings;
  *postings.Add() = Posting("p", {{account::v1::PARTNER_ISSUED, -100}, {account::v1::MEMBER, 100}});
  *postings.Add() = Posting("p", {{account::v1::MEMBER, -30}, {account::v1::PARTNER_ISSUED, 30}});
  *postings.Add() = Posting("p", {{account::v1::MEMBER, -40}, {account::v1::PARTNER_REDEEMED, 40}});
  *postings.Add() = Posting("p", {{account::v1::PARTNER_REDEEMED, -10}, {account::v1::MEMBER, 10}});
  *postings.Add() =
      Posting("p", {{account::v1::MEMBER, -5}, {account::v1::OPERATOR_BREAKAGE, 5}}, "operator");
  *postings.Add() =
      Posting("", {{account::v1::OPERATOR_PROMOTIONS, -7}, {account::v1::MEMBER, 7}}, "operator");
  absl::StatusOr<std::vector<PeriodFact>> facts =
      FactsOf(postings, PeriodCalendar::Monthly(),
              [](const std::string&, absl::Time) -> absl::StatusOr<int64_t> { return 2; });
  ASSERT_TRUE(facts.ok());
  const absl::CivilDay month(2026, 11, 1);
  EXPECT_THAT(*facts,
              ::testing::ElementsAre(PeriodFact{"operator", v1::OPERATOR_FUNDED, 0, month, 7, 1},
                                     PeriodFact{"p", v1::ISSUED, 2, month, 100, 1},
                                     PeriodFact{"p", v1::REVERSED, 2, month, 30, 1},
                                     PeriodFact{"p", v1::REDEEMED, 2, month, 40, 1},
                                     PeriodFact{"p", v1::REFUNDED, 2, month, 10, 1},
                                     PeriodFact{"p", v1::BREAKAGE, 2, month, 5, 1}));
}

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

v1::Period ClosedDay(const std::string& start, const std::string& end, int64_t at_sequence) {
  v1::Period period;
  period.set_period_start(start);
  period.set_period_end(end);
  period.set_state(v1::Period::CLOSED);
  period.set_closed_at_sequence(at_sequence);
  return period;
}

account::v1::Posting IssueAt(int64_t sequence, const std::string& day, int64_t points) {
  absl::CivilDay civil;
  absl::ParseCivilTime(day, &civil);
  account::v1::Posting posting =
      Posting("p", {{account::v1::PARTNER_ISSUED, -points}, {account::v1::MEMBER, points}});
  posting.set_sequence(sequence);
  posting.mutable_occur_time()->set_seconds(
      absl::ToUnixSeconds(absl::FromCivil(civil, absl::UTCTimeZone())) + 3600);
  return posting;
}

TEST(LedgerRecount, APostingCountsInTheLaterOfItsOwnPeriodAndTheFirstStillOpenWhenFollowed) {
  const v1::Period first = ClosedDay("2026-11-01", "2026-11-02", 2);
  const v1::Period second = ClosedDay("2026-11-02", "2026-11-03", 4);
  LedgerRecount recount({first, second});
  recount.Add(IssueAt(1, "2026-11-01", 10));
  recount.Add(IssueAt(2, "2026-11-02", 20));  // followed before the first closed: its own day
  recount.Add(IssueAt(3, "2026-11-01", 30));  // followed after the first closed: late, second
  recount.Add(IssueAt(5, "2026-11-02", 99));  // after the second closed: in no closed period

  v1::PeriodReport report;
  *report.mutable_period() = first;
  v1::PartnerStatement& statement = *report.add_statements();
  statement.set_partner_id("p");
  statement.set_currency("EUR");
  v1::StatementKindLine& line = *statement.add_lines();
  line.set_kind(v1::ISSUED);
  line.set_points(10);
  line.set_amount_minor(10);
  statement.set_net_amount_minor(10);
  statement.mutable_payment()->set_amount_minor(10);
  report.add_operator_result()->set_currency("EUR");
  report.mutable_operator_result(0)->set_amount_minor(10);
  EXPECT_THAT(recount.Differences(report), ::testing::IsEmpty());

  *report.mutable_period() = second;
  EXPECT_THAT(recount.Differences(report),
              ::testing::ElementsAre("2026-11-02 p ISSUED: ledger 50 points, statement 10"));
  line.set_points(50);
  report.mutable_operator_result(0)->set_amount_minor(11);  // not the partners' net
  EXPECT_THAT(recount.Differences(report),
              ::testing::ElementsAre("2026-11-02 EUR: operator result 11 but partners net 10"));
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
  ASSERT_TRUE(statement.ok());
  EXPECT_EQ(statement->net_amount_minor(), 3750);
}

// A period's total of one kind for one partner.
PeriodFact Total(const std::string& partner, v1::FactKind kind, int64_t points) {
  PeriodFact fact;
  fact.partner_id = partner;
  fact.kind = kind;
  fact.points = points;
  return fact;
}

// A partner reimbursed `amount_minor` EUR cents per `per_points` points redeemed with it.
admin::v1::Partner PartnerReimbursedAt(int64_t amount_minor, int64_t per_points) {
  admin::v1::Partner partner;
  partner.set_currency("EUR");
  partner.mutable_reimbursement_price()->set_amount_minor(amount_minor);
  partner.mutable_reimbursement_price()->set_per_points(per_points);
  return partner;
}

TEST(Liability, OutstandingPointsArePricedWherePointsHaveBeenRedeemedLessExpectedBreakage) {
  const auto partner = [](int64_t reimbursement_minor) {
    return PartnerReimbursedAt(reimbursement_minor, 10);
  };
  absl::StatusOr<v1::LiabilityReport> report = ComputeLiability(
      {Total("a", v1::ISSUED, 3000), Total("a", v1::REVERSED, 100), Total("b", v1::REDEEMED, 300),
       Total("b", v1::REFUNDED, 50), Total("c", v1::REDEEMED, 750), Total("a", v1::BREAKAGE, 100)},
      {{"a", partner(9)}, {"b", partner(8)}, {"c", partner(6)}});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->points_outstanding(), 1800);
  EXPECT_EQ(report->points_redeemed(), 1000);
  EXPECT_EQ(report->breakage_rate_bp(), 909);          // 100 / 1100, rounded down
  EXPECT_EQ(report->expected_breakage_points(), 163);  // 1800 x 9.09%, rounded down
  ASSERT_EQ(report->redemption_cost_size(), 1);
  EXPECT_EQ(report->redemption_cost(0).amount_minor(), 1170);  // 450 x 0.8 + 1350 x 0.6
  EXPECT_EQ(report->expected_cost(0).amount_minor(), 1063);    // 409 x 0.8 + 1227 x 0.6
}

TEST(Liability, APartnerWhoseShareIsBeyondTheBoundIsNamedAndLeftOutOfTheCosts) {
  const auto partner = [](int64_t reimbursement_minor) {
    return PartnerReimbursedAt(reimbursement_minor, 1);
  };
  // 2 x 10^12 points outstanding, half redeemed so far with each partner; "extreme" pays
  // 10^9 a point, so its share would cost 10^21.
  absl::StatusOr<v1::LiabilityReport> report = ComputeLiability(
      {Total("a", v1::ISSUED, 4'000'000'000'000), Total("extreme", v1::REDEEMED, 1'000'000'000'000),
       Total("normal", v1::REDEEMED, 1'000'000'000'000)},
      {{"a", partner(1)}, {"extreme", partner(1'000'000'000)}, {"normal", partner(2)}});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(report->unpriced_partner_ids(), ::testing::ElementsAre("extreme"));
  ASSERT_EQ(report->redemption_cost_size(), 1);
  EXPECT_EQ(report->redemption_cost(0).amount_minor(), 2'000'000'000'000);  // normal's 10^12 x 2
  EXPECT_EQ(report->points_outstanding(), 2'000'000'000'000);
}

}  // namespace
}  // namespace coalition::settlement
