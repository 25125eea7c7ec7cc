// Field validation: messages name the field and the problem.
#include "services/common/validation.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matchers/status_matchers.h"

namespace coalition {
namespace {

using ::testing::HasSubstr;

TEST(Validation, MessagesNameTheFieldAndTheProblem) {
  EXPECT_EQ(ValidatePositive("amount_minor", -5, 100).message(),
            "amount_minor: must be greater than 0, got -5");
  EXPECT_EQ(ValidatePositive("points", 101, 100).message(), "points: must be at most 100, got 101");
  EXPECT_THAT(ValidateRequestId("request_id", "").message(), HasSubstr("request_id: is required"));
  EXPECT_THAT(ValidateRequestId("request_id", "a b").message(), HasSubstr("may contain only"));
  EXPECT_THAT(ValidateRequestId("request_id", std::string(129, 'a')).message(),
              HasSubstr("at most 128"));
  EXPECT_THAT(ValidateRequestId("request_id", "order-42:retry.1_x"), IsOk());
  EXPECT_THAT(ValidateCurrency("currency", "eur").message(), HasSubstr("three-letter"));
  EXPECT_THAT(ValidateCurrency("currency", "EUR"), IsOk());
  EXPECT_THAT(ValidatePartnerSlug("partner_id", "Car").message(), HasSubstr("start with a-z"));
  EXPECT_THAT(ValidatePartnerSlug("partner_id", "car_rental").message(),
              HasSubstr("a-z, 0-9 and -"));
  EXPECT_THAT(ValidatePartnerSlug("partner_id", "car-rental2"), IsOk());
  EXPECT_THAT(ValidateText("name", "a\nb", 10, true).message(), HasSubstr("control"));
}

}  // namespace
}  // namespace coalition
