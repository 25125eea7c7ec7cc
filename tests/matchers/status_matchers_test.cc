// The status matchers say what they expected and print the status they got.
#include "tests/matchers/status_matchers.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coalition {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

template <typename Matcher, typename Value>
std::string Explanation(const Matcher& matcher, const Value& value) {
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(matcher, value, &listener));
  return listener.str();
}

TEST(StatusMatchers, IsOkPrintsTheStatusItGot) {
  EXPECT_THAT(absl::OkStatus(), IsOk());
  EXPECT_THAT(absl::StatusOr<int>(7), IsOk());
  EXPECT_EQ(Explanation(IsOk(), absl::NotFoundError("member_id: no member")),
            "whose status is NOT_FOUND: member_id: no member");
  EXPECT_EQ(Explanation(IsOk(), absl::StatusOr<int>(absl::UnavailableError("down"))),
            "whose status is UNAVAILABLE: down");
}

TEST(StatusMatchers, StatusIsChecksTheCodeAndTheMessage) {
  const absl::Status refused = absl::InvalidArgumentError("points: must be greater than 0");
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("points: ")));
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument,
                                "points: must be greater than 0"));
  EXPECT_THAT(refused, Not(StatusIs(absl::StatusCode::kNotFound)));
  EXPECT_THAT(refused, Not(StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("amount"))));
  EXPECT_THAT(absl::StatusOr<int>(7), StatusIs(absl::StatusCode::kOk));
  EXPECT_EQ(Explanation(StatusIs(absl::StatusCode::kNotFound), refused),
            "whose status is INVALID_ARGUMENT: points: must be greater than 0");
  EXPECT_EQ(::testing::DescribeMatcher<absl::Status>(
                StatusIs(absl::StatusCode::kNotFound, HasSubstr("member"))),
            "has status NOT_FOUND and a message that has substring \"member\"");
}

}  // namespace
}  // namespace coalition
