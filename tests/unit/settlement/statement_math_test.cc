#include "settlement/statement_math.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "settlement/amount_bounds.h"
#include "settlement/period_statements.h"
#include "settlement/settlement.h"

namespace coalition::settlement {
namespace {

using ::testing::HasSubstr;

// A statement priced as a close prices it (PriceStatement), from lines of points per kind.
v1::PartnerStatement Priced(const admin::v1::PartnerTerms& terms,
                            std::initializer_list<std::pair<v1::FactKind, int64_t>> kinds) {
  std::vector<TotalsStore::PeriodLine> lines;
  for (const auto& [kind, points] : kinds) {
    lines.push_back({PeriodFact{"grocer", kind, 0, absl::CivilDay(2026, 11, 1), points, 1}, false});
  }
  v1::Period days;
  days.set_period_start("2026-11-01");
  days.set_period_end("2026-12-01");
  absl::StatusOr<v1::PartnerStatement> statement =
      PriceStatement(days, "grocer", "EUR", lines,
                     [&](int64_t) -> absl::StatusOr<admin::v1::PartnerTerms> { return terms; });
  EXPECT_TRUE(statement.ok()) << statement.status();
  return *statement;
}

admin::v1::PartnerTerms Terms(int64_t issuance_minor, int64_t issuance_per,
                              int64_t reimbursement_minor, int64_t reimbursement_per) {
  admin::v1::PartnerTerms terms;
  terms.mutable_issuance_price()->set_amount_minor(issuance_minor);
  terms.mutable_issuance_price()->set_per_points(issuance_per);
  terms.mutable_reimbursement_price()->set_amount_minor(reimbursement_minor);
  terms.mutable_reimbursement_price()->set_per_points(reimbursement_per);
  return terms;
}

TEST(StatementMath, AnAdHocLineSumsTheLinesACloseWouldPriceRoundedOnceEach) {
  // EUR 0.012 a point issued, EUR 0.009 a point reimbursed.
  const v1::StatementLine line =
      StatementLineOf({Priced(Terms(12, 10, 9, 10), {{v1::ISSUED, 17}, {v1::REDEEMED, 15}})});
  EXPECT_EQ(line.partner_id(), "grocer");
  EXPECT_EQ(line.currency(), "EUR");
  EXPECT_EQ(line.points_issued(), 17);
  EXPECT_EQ(line.issuance_amount_minor(), 20);  // 20.4
  EXPECT_EQ(line.points_redeemed(), 15);
  EXPECT_EQ(line.reimbursement_amount_minor(), 14);  // 13.5
  EXPECT_EQ(line.net_amount_minor(), 6);
}

TEST(StatementMath, ReversalsRefundsAndBreakageNetIntoTheAdHocLineAsOnTheStatement) {
  admin::v1::PartnerTerms terms = Terms(1, 1, 8, 10);
  terms.set_breakage_share_bp(5000);
  // Two stretches of days (two tier months), each priced apart, summed.
  const v1::PartnerStatement october = Priced(terms, {{v1::ISSUED, 100}, {v1::REVERSED, 10}});
  const v1::PartnerStatement november =
      Priced(terms, {{v1::REDEEMED, 50}, {v1::REFUNDED, 10}, {v1::BREAKAGE, 20}});
  const v1::StatementLine line = StatementLineOf({october, november});
  EXPECT_EQ(line.points_issued(), 90);
  EXPECT_EQ(line.issuance_amount_minor(), 90);
  EXPECT_EQ(line.points_redeemed(), 40);
  EXPECT_EQ(line.reimbursement_amount_minor(), 32);
  EXPECT_EQ(line.breakage_share_amount_minor(), 10);
  EXPECT_EQ(line.net_amount_minor(),
            october.net_amount_minor() + november.net_amount_minor());  // 90 - 32 - 10
  EXPECT_EQ(line.net_amount_minor(), 48);
}

TEST(StatementMath, ALineBeyondSettlementsBoundIsUnpricedNotAnErrorForEveryone) {
  // At the API's largest price: 10^9 minor units a point.
  const admin::v1::PartnerTerms extreme = Terms(1'000'000'000, 1, 1, 1);
  // 10^6 points come to exactly the bound; one more point is beyond it.
  const v1::StatementLine at_bound = StatementLineOf({Priced(extreme, {{v1::ISSUED, 1'000'000}})});
  EXPECT_EQ(at_bound.issuance_amount_minor(), kMaxSettlementAmountMinor);
  EXPECT_EQ(at_bound.unpriced_reason(), "");
  // 10^13 points (ten purchases at the earn cap) are worth 10^22: beyond 64 bits, let alone the
  // bound. The line says so and carries no amounts; nothing fails.
  for (const int64_t points : {int64_t{1'000'001}, int64_t{10'000'000'000'000}}) {
    const v1::StatementLine line =
        StatementLineOf({Priced(extreme, {{v1::ISSUED, points}, {v1::REDEEMED, 5}})});
    EXPECT_THAT(line.unpriced_reason(), HasSubstr("ISSUED at terms version 0 comes to"));
    EXPECT_EQ(line.points_issued(), points);
    EXPECT_EQ(line.issuance_amount_minor(), 0);
    EXPECT_EQ(line.net_amount_minor(), 0);
  }
  // Two stretches each within the bound, together beyond it.
  const v1::PartnerStatement half = Priced(extreme, {{v1::ISSUED, 600'000}});
  ASSERT_EQ(half.unpriced_reason(), "");
  EXPECT_THAT(StatementLineOf({half, half}).unpriced_reason(),
              HasSubstr("issuance comes to 1200000000000000 minor units"));

  // An unpriced line adds nothing to the margin, which stays the sum of the priced ones.
  google::protobuf::RepeatedPtrField<v1::StatementLine> lines;
  *lines.Add() = StatementLineOf(
      {Priced(Terms(1, 1, 1'000'000'000, 1), {{v1::REDEEMED, 10'000'000'000'000}})});
  v1::StatementLine& priced = *lines.Add();
  priced.set_currency("EUR");
  priced.set_net_amount_minor(42);
  EXPECT_FALSE(lines.Get(0).unpriced_reason().empty());
  EXPECT_EQ(OperatorMargin(lines)->at(0).amount_minor(), 42);
}

TEST(StatementMath, OperatorMarginSumsNetAmountsPerCurrency) {
  google::protobuf::RepeatedPtrField<v1::StatementLine> lines;
  for (auto [currency, net] :
       {std::pair{"EUR", 500}, std::pair{"EUR", -320}, std::pair{"GBP", 7}}) {
    v1::StatementLine* line = lines.Add();
    line->set_currency(currency);
    line->set_net_amount_minor(net);
  }
  absl::StatusOr<std::vector<v1::CurrencyAmount>> margins = OperatorMargin(lines);
  ASSERT_TRUE(margins.ok()) << margins.status();
  const std::vector<v1::CurrencyAmount>& margin = *margins;
  ASSERT_EQ(margin.size(), 2u);
  EXPECT_EQ(margin[0].currency(), "EUR");
  EXPECT_EQ(margin[0].amount_minor(), 180);
  EXPECT_EQ(margin[1].currency(), "GBP");
  EXPECT_EQ(margin[1].amount_minor(), 7);
}

}  // namespace
}  // namespace coalition::settlement
