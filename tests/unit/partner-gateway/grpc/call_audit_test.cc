// The audit's counting of refusals: the first of each kind in a window is written in full, the
// rest are counted into one record when the window ends.
#include "gtest/gtest.h"
#include "partner-gateway/grpc/call_audit.h"

namespace coalition::gateway {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'700'000'000);
constexpr char kIssue[] = "/coalition.gateway.v1.AccessService/IssueApiKey";

RefusalTally::Kind Denied(const std::string& caller) {
  return {caller, "partner", kIssue, /*PERMISSION_DENIED=*/7};
}

TEST(RefusalTally, TheFirstOfAKindIsWrittenAndTheRestCountedUntilTheWindowEnds) {
  RefusalTally tally(absl::Minutes(1));
  EXPECT_TRUE(tally.Add(Denied("hotel"), kStart));
  for (int i = 0; i < 999; ++i) EXPECT_FALSE(tally.Add(Denied("hotel"), kStart + absl::Seconds(1)));
  RefusalTally::Kind limited = Denied("hotel");
  limited.status_code = 8;  // RESOURCE_EXHAUSTED: a kind of its own
  EXPECT_TRUE(tally.Add(limited, kStart + absl::Seconds(2)));
  EXPECT_TRUE(tally.Add(Denied("grocer"), kStart + absl::Seconds(3)));  // and another caller

  EXPECT_TRUE(tally.TakeEnded(kStart + absl::Seconds(59)).empty());
  const std::vector<RefusalTally::Count> ended = tally.TakeEnded(kStart + absl::Minutes(1));
  ASSERT_EQ(ended.size(), 1u);  // the others counted nothing beyond their first
  EXPECT_EQ(ended[0].kind, Denied("hotel"));
  EXPECT_EQ(ended[0].refusals, 999);
  EXPECT_EQ(ended[0].window_end, kStart + absl::Minutes(1));
  EXPECT_TRUE(tally.TakeEnded(kStart + absl::Minutes(5)).empty());  // taken once

  // The next refusal opens a new window, written in full again.
  EXPECT_TRUE(tally.Add(Denied("hotel"), kStart + absl::Minutes(2)));
  EXPECT_FALSE(tally.Add(Denied("hotel"), kStart + absl::Minutes(2)));
}

TEST(RefusalTally, ACountIsKeptWhenTheNextWindowOpensBeforeItIsTaken) {
  RefusalTally tally(absl::Minutes(1));
  EXPECT_TRUE(tally.Add(Denied("hotel"), kStart));
  EXPECT_FALSE(tally.Add(Denied("hotel"), kStart + absl::Seconds(10)));
  EXPECT_FALSE(tally.Add(Denied("hotel"), kStart + absl::Seconds(20)));
  EXPECT_TRUE(tally.Add(Denied("hotel"), kStart + absl::Seconds(70)));  // a new window
  EXPECT_FALSE(tally.Add(Denied("hotel"), kStart + absl::Seconds(80)));

  const std::vector<RefusalTally::Count> ended = tally.TakeEnded(kStart + absl::Seconds(90));
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].refusals, 2);
  EXPECT_EQ(ended[0].window_end, kStart + absl::Minutes(1));
  // Stopping early: the open window's count, cut short at now.
  const std::vector<RefusalTally::Count> rest = tally.TakeAll(kStart + absl::Seconds(100));
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].refusals, 1);
  EXPECT_EQ(rest[0].window_end, kStart + absl::Seconds(100));
}

}  // namespace
}  // namespace coalition::gateway
