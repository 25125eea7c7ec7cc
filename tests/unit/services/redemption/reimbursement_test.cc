// What a spending owes its partner, at the partner's price at the time.
#include "services/redemption/reimbursement.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::redemption {
namespace {

TEST(Reimbursement, IsThePartnersPriceAtTheTimeRoundedHalfAwayFromZero) {
  admin::v1::Partner hotel;
  hotel.set_currency("EUR");
  hotel.mutable_reimbursement_price()->set_amount_minor(8);
  hotel.mutable_reimbursement_price()->set_per_points(10);
  absl::StatusOr<v1::Reimbursement> owed = ReimbursementFor(hotel, 501);  // 400.8
  ASSERT_THAT(owed, IsOk());
  EXPECT_EQ(owed->amount_minor(), 401);
  EXPECT_EQ(owed->currency(), "EUR");
  hotel.mutable_reimbursement_price()->set_amount_minor(9);  // a later price change...
  absl::StatusOr<v1::Reimbursement> refund = AtSamePrice(*owed, -501);
  ASSERT_THAT(refund, IsOk());
  EXPECT_EQ(refund->amount_minor(), -401);  // ...does not touch what was owed
}

}  // namespace
}  // namespace coalition::redemption
