// Card numbers: issued with a Luhn check digit that catches a mistyped digit.
#include "services/common/card_number.h"

#include "gtest/gtest.h"

namespace coalition {
namespace {

TEST(CardNumber, TheLuhnCheckDigitCatchesAMistypedDigit) {
  EXPECT_TRUE(IsValidCardNumber("79927398713"));  // the textbook Luhn example
  EXPECT_FALSE(IsValidCardNumber("79927398710"));
  EXPECT_FALSE(IsValidCardNumber("79927398703"));  // one digit changed
  EXPECT_FALSE(IsValidCardNumber("1234567"));      // too short
  EXPECT_FALSE(IsValidCardNumber("7992739871a"));
  for (int i = 0; i < 100; ++i) {
    const std::string issued = NewCardNumber();
    EXPECT_EQ(issued.size(), 16u);
    EXPECT_EQ(issued[0], '6');
    EXPECT_TRUE(IsValidCardNumber(issued)) << issued;
  }
  EXPECT_NE(NewCardNumber(), NewCardNumber());
}

}  // namespace
}  // namespace coalition
