// Callers: a role and an id, or a service name; whom a caller acts for.
#include "services/common/caller.h"

#include "gtest/gtest.h"
#include "tests/matchers/status_matchers.h"

namespace coalition {
namespace {

TEST(Callers, RoleAndIdOrAServiceName) {
  EXPECT_THAT(ValidateCaller("caller", "partner:hotel"), IsOk());
  EXPECT_THAT(ValidateCaller("caller", "mobile:app"), IsOk());
  EXPECT_THAT(ValidateCaller("caller", "operator"), IsOk());
  EXPECT_THAT(ValidateCaller("caller", "redemption.sweeper"), IsOk());
  EXPECT_EQ(ValidateCaller("caller", "partner:").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateCaller("caller", "partner:Hotel").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateCaller("caller", "root:x").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PartnerOfCaller("partner:hotel"), "hotel");
  EXPECT_EQ(PartnerOfCaller("mobile:hotel"), std::nullopt);
  EXPECT_EQ(PartnerOfCaller("hotel"), std::nullopt);
  EXPECT_TRUE(ActsFor("partner:hotel", "hotel"));
  EXPECT_FALSE(ActsFor("partner:hotel", "grocer"));
  EXPECT_FALSE(ActsFor("mobile:hotel", "hotel"));
  EXPECT_TRUE(ActsFor("operator", "grocer"));
  EXPECT_TRUE(ActsFor("earning", "grocer"));
}

}  // namespace
}  // namespace coalition
