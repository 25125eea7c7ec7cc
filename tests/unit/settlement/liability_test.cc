// The outstanding points' liability, priced where points have been redeemed.
#include "settlement/liability.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coalition::settlement {
namespace {

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
