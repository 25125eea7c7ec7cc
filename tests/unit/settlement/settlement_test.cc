// Settlement's request checks: a day is a real calendar date.
#include "settlement/settlement.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coalition::settlement {
namespace {

using ::testing::HasSubstr;

TEST(ParseDay, AcceptsRealDatesOnly) {
  EXPECT_EQ(*ParseDay("period_start", "2026-11-23"), absl::CivilDay(2026, 11, 23));
  EXPECT_THAT(ParseDay("period_start", "2026-02-30").status().message(), HasSubstr("period_start"));
  EXPECT_FALSE(ParseDay("period_end", "2026-1-5").ok());
  EXPECT_FALSE(ParseDay("period_end", "yesterday").ok());
}

}  // namespace
}  // namespace coalition::settlement
