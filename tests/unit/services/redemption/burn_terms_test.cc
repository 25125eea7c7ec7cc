// Burn terms: what points are worth, the share of a bill they may pay, and the minimum.
#include "services/redemption/burn_terms.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::redemption {
namespace {

// A hotel: 100 points are worth 1.00, points pay at most 20% of a bill, at least 500 at a time.
v1::BurnTerms Hotel() {
  v1::BurnTerms terms;
  terms.set_partner_id("hotel");
  terms.set_version(2);
  terms.set_value_amount_minor(100);
  terms.set_value_per_points(100);
  terms.set_max_bill_share_bp(2000);
  terms.set_min_points(500);
  return terms;
}

TEST(BurnTerms, AQuoteIsCappedByTheBillShareTheBalanceAndTheMinimum) {
  // A 250.00 bill: 20% is 50.00, which is 5,000 points.
  v1::RedemptionQuote quote = QuoteBill(Hotel(), 25'000, 12'000);
  EXPECT_EQ(quote.max_points(), 5'000);
  EXPECT_EQ(quote.points_value_minor(), 5'000);
  EXPECT_EQ(quote.remaining_to_pay_minor(), 20'000);
  EXPECT_EQ(quote.limited_by(), "bill share");
  EXPECT_EQ(quote.terms_version(), 2);

  quote = QuoteBill(Hotel(), 25'000, 1'234);
  EXPECT_EQ(quote.max_points(), 1'234);
  EXPECT_EQ(quote.points_value_minor(), 1'234);
  EXPECT_EQ(quote.limited_by(), "balance");

  quote = QuoteBill(Hotel(), 25'000, 499);
  EXPECT_EQ(quote.max_points(), 0);
  EXPECT_EQ(quote.remaining_to_pay_minor(), 25'000);
  EXPECT_EQ(quote.limited_by(), "minimum points");
}

TEST(BurnTerms, ValuesRoundDownSoPointsNeverPayMoreThanTheyBuy) {
  v1::BurnTerms terms = Hotel();
  terms.set_value_amount_minor(1);
  terms.set_value_per_points(3);  // a point is worth a third of a cent
  terms.set_min_points(0);
  EXPECT_EQ(ValueOfPoints(terms, 10), 3);
  // 20% of 1.01 is 20 (rounded down); 60 points are worth exactly 20, 61 would be 20.33.
  EXPECT_EQ(QuoteBill(terms, 101, 1'000'000).max_points(), 60);
}

TEST(BurnTerms, ASpendOverTheShareUnderTheMinimumOrInAnotherCurrencyIsRefused) {
  EXPECT_THAT(CheckSpend(Hotel(), 5'000, 25'000, "EUR", "EUR"), IsOk());
  EXPECT_THAT(CheckSpend(Hotel(), 9'000, 0, "", "EUR"), IsOk());  // no bill: only the minimum
  EXPECT_EQ(CheckSpend(Hotel(), 5'001, 25'000, "EUR", "EUR").message(),
            "points: 5001 points are worth 5001 minor units, more than the 5000 (2000 bp of the "
            "bill) payable in points");
  EXPECT_EQ(CheckSpend(Hotel(), 499, 25'000, "EUR", "EUR").message(),
            "points: partner 'hotel' takes at least 500 points per redemption, got 499");
  EXPECT_EQ(CheckSpend(Hotel(), 500, 25'000, "USD", "EUR").message(),
            "currency: partner 'hotel' takes points on bills in EUR, got 'USD'");
  v1::BurnTerms both = Hotel();
  both.add_accepted_currencies("EUR");
  both.add_accepted_currencies("GBP");
  EXPECT_THAT(CheckSpend(both, 500, 25'000, "GBP", "EUR"), IsOk());
}

TEST(BurnTerms, ValidationNamesTheField) {
  EXPECT_THAT(ValidateBurnTerms(Hotel()), IsOk());
  v1::BurnTerms bad = Hotel();
  bad.set_max_bill_share_bp(10'001);
  EXPECT_EQ(ValidateBurnTerms(bad).message(),
            "terms.max_bill_share_bp: must be 1 to 10000 (100% of the bill)");
  bad = Hotel();
  bad.set_value_per_points(0);
  EXPECT_EQ(ValidateBurnTerms(bad).code(), absl::StatusCode::kInvalidArgument);
  bad = Hotel();
  bad.add_accepted_currencies("euro");
  EXPECT_THAT(std::string(ValidateBurnTerms(bad).message()),
              ::testing::StartsWith("terms.accepted_currencies[0]: "));
}

}  // namespace
}  // namespace coalition::redemption
