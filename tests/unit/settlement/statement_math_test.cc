// Statement lines priced at the partners' prices, rounded once; bounds and the operator's margin.
#include "settlement/statement_math.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "settlement/amount_bounds.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::settlement {
namespace {

using ::testing::HasSubstr;

TEST(StatementMath, LineAmountsUseThePartnersPricesRoundedOnce) {
  admin::v1::Partner grocer;
  grocer.set_partner_id("grocer");
  grocer.set_currency("EUR");
  grocer.mutable_issuance_price()->set_amount_minor(12);  // EUR 0.012 a point
  grocer.mutable_issuance_price()->set_per_points(10);
  grocer.mutable_reimbursement_price()->set_amount_minor(9);
  grocer.mutable_reimbursement_price()->set_per_points(10);
  auto line = BuildStatementLine(grocer, 17, 15);
  ASSERT_THAT(line, IsOk());
  EXPECT_EQ(line->issuance_amount_minor(), 20);       // 20.4
  EXPECT_EQ(line->reimbursement_amount_minor(), 14);  // 13.5
  EXPECT_EQ(line->net_amount_minor(), 6);
  EXPECT_EQ(line->currency(), "EUR");
}

TEST(StatementMath, ALineBeyondSettlementsBoundIsUnpricedNotAnErrorForEveryone) {
  admin::v1::Partner extreme;  // at the API's largest price: 10^9 minor units a point
  extreme.set_partner_id("extreme");
  extreme.set_currency("EUR");
  extreme.mutable_issuance_price()->set_amount_minor(1'000'000'000);
  extreme.mutable_issuance_price()->set_per_points(1);
  extreme.mutable_reimbursement_price()->set_amount_minor(1);
  extreme.mutable_reimbursement_price()->set_per_points(1);
  // 10^6 points come to exactly the bound; one more point is beyond it.
  absl::StatusOr<v1::StatementLine> at_bound = BuildStatementLine(extreme, 1'000'000, 0);
  ASSERT_TRUE(at_bound.ok()) << at_bound.status();
  EXPECT_EQ(at_bound->issuance_amount_minor(), kMaxSettlementAmountMinor);
  EXPECT_EQ(at_bound->unpriced_reason(), "");
  // 10^13 points (ten purchases at the earn cap) are worth 10^22: beyond 64 bits, let alone the
  // bound. The line says so and carries no amounts; nothing fails.
  for (const int64_t points : {int64_t{1'000'001}, int64_t{10'000'000'000'000}}) {
    absl::StatusOr<v1::StatementLine> line = BuildStatementLine(extreme, points, 5);
    ASSERT_TRUE(line.ok()) << line.status();
    EXPECT_THAT(line->unpriced_reason(), HasSubstr("issuance comes to"));
    EXPECT_EQ(line->points_issued(), points);
    EXPECT_EQ(line->issuance_amount_minor(), 0);
    EXPECT_EQ(line->net_amount_minor(), 0);
  }
  EXPECT_THAT(BuildStatementLine(extreme, 10'000'000'000'000, 5)->unpriced_reason(),
              HasSubstr("10000000000000000000000 minor units"));
  extreme.mutable_reimbursement_price()->set_amount_minor(1'000'000'000);
  EXPECT_THAT(BuildStatementLine(extreme, 0, 1'000'001)->unpriced_reason(),
              HasSubstr("reimbursement comes to"));

  // An unpriced line adds nothing to the margin, which stays the sum of the priced ones.
  google::protobuf::RepeatedPtrField<v1::StatementLine> lines;
  *lines.Add() = *BuildStatementLine(extreme, 0, 10'000'000'000'000);
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
