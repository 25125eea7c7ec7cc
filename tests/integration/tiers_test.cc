// Tiers through the real binaries: the operator's ladder, upgrades the moment a threshold is
// crossed, downgrades only at the annual review, and the history, on the sandbox clock.
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/common/proto_time.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using account::v1::AccountAdminService;
using account::v1::AccountService;
using account::v1::TierChange;
using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

constexpr absl::Duration kDay = absl::Hours(24);

account::v1::SetTierLadderRequest Ladder(const std::string& request_id) {
  account::v1::SetTierLadderRequest request;
  request.set_request_id(request_id);
  request.set_window_months(12);
  for (auto [id, name, points, multiplier] :
       {std::tuple{"silver", "Silver", 0, 10'000}, std::tuple{"gold", "Gold", 1'000, 15'000},
        std::tuple{"platinum", "Platinum", 3'000, 20'000}}) {
    account::v1::TierLevel* level = request.add_levels();
    level->set_tier_id(id);
    level->set_display_name(name);
    level->set_qualifying_points(points);
    level->set_earn_multiplier_bp(multiplier);
  }
  return request;
}

class Tiers : public CoalitionTest {
 protected:
  static void SetUpTestSuite() {
    auto set = Call(SharedPlatform().account_admin(), &AccountAdminService::Stub::SetTierLadder,
                    Ladder("tiers-test-ladder"), "operator");
    ASSERT_TRUE(set.status.ok()) << set.status.error_message();
  }

  std::vector<TierChange> Changes(const std::string& member_id) {
    account::v1::ListTierChangesRequest request;
    request.set_member_id(member_id);
    auto changes = Call(platform().accounts(), &AccountService::Stub::ListTierChanges, request);
    EXPECT_TRUE(changes.status.ok()) << changes.status.error_message();
    return {changes.response.changes().begin(), changes.response.changes().end()};
  }

  account::v1::TierReviewRun Review() {
    account::v1::RunTierReviewRequest request;
    request.set_request_id(UniqueId("review"));
    request.set_max_members(10'000);
    auto run = Call(platform().account_admin(), &AccountAdminService::Stub::RunTierReview, request,
                    "operator");
    EXPECT_TRUE(run.status.ok()) << run.status.error_message();
    EXPECT_TRUE(run.response.complete());
    return run.response;
  }
};

TEST_F(Tiers, TheLadderIsVersionedAndItsRequestIdempotent) {
  auto again = Call(platform().account_admin(), &AccountAdminService::Stub::SetTierLadder,
                    Ladder("tiers-test-ladder"), "operator");
  ASSERT_THAT(again.status, IsOk());
  EXPECT_EQ(again.response.version(), 1);
  ASSERT_EQ(again.response.levels_size(), 3);
  EXPECT_EQ(again.response.levels(1).tier_id(), "gold");

  account::v1::SetTierLadderRequest changed = Ladder("tiers-test-ladder");
  changed.mutable_levels(1)->set_qualifying_points(900);
  auto reused = Call(platform().account_admin(), &AccountAdminService::Stub::SetTierLadder, changed,
                     "operator");
  EXPECT_EQ(reused.status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(Tiers, AMemberMovesUpTheMomentAnEarnCrossesTheThreshold) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 60'000);  // 600 points
  account::v1::MemberTier tier = Summary(member).tier();
  EXPECT_EQ(tier.tier_id(), "silver");
  EXPECT_EQ(tier.qualifying_points(), 600);
  EXPECT_EQ(tier.next_tier_id(), "gold");
  EXPECT_EQ(tier.points_to_next_tier(), 400);
  EXPECT_FALSE(tier.has_review_time());

  Earn(member, partner, 50'000);  // 1,100: gold, at once
  tier = Summary(member).tier();
  EXPECT_EQ(tier.tier_id(), "gold");
  EXPECT_EQ(tier.display_name(), "Gold");
  EXPECT_EQ(tier.points_to_next_tier(), 1'900);
  EXPECT_GT(absl::FromUnixMicros(ProtoTimeToMicros(tier.review_time())), AccountNow() + 360 * kDay);
  const std::vector<TierChange> changes = Changes(member);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].from_tier_id(), "silver");
  EXPECT_EQ(changes[0].to_tier_id(), "gold");
  EXPECT_EQ(changes[0].reason(), TierChange::QUALIFIED);
  EXPECT_EQ(changes[0].qualifying_points(), 1'100);
}

TEST_F(Tiers, ATierIsKeptUntilTheReviewAndLostOnlyThere) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 100'000);  // 1,000: gold
  ASSERT_EQ(Summary(member).tier().tier_id(), "gold");

  AdvanceAccountClock(200 * kDay);
  Review();  // not due yet
  EXPECT_EQ(Summary(member).tier().tier_id(), "gold");

  AdvanceAccountClock(200 * kDay);  // the earn has left the window; the review is due
  EXPECT_EQ(Summary(member).tier().tier_id(), "gold");
  EXPECT_EQ(Summary(member).tier().qualifying_points(), 0);
  const account::v1::TierReviewRun run = Review();
  EXPECT_GE(run.members_moved_down(), 1);
  EXPECT_EQ(Summary(member).tier().tier_id(), "silver");
  const std::vector<TierChange> changes = Changes(member);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].reason(), TierChange::REVIEWED);  // newest first
  EXPECT_EQ(changes[0].from_tier_id(), "gold");
  EXPECT_EQ(changes[0].to_tier_id(), "silver");
}

TEST_F(Tiers, AMemberStillQualifyingAtTheReviewKeepsTheTierForAnotherYear) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 100'000);  // gold
  const google::protobuf::Timestamp first_review = Summary(member).tier().review_time();
  AdvanceAccountClock(300 * kDay);
  Earn(member, partner, 100'000);  // still inside the next window
  AdvanceAccountClock(100 * kDay);
  Review();
  const account::v1::MemberTier tier = Summary(member).tier();
  EXPECT_EQ(tier.tier_id(), "gold");
  EXPECT_GT(tier.review_time().seconds(), first_review.seconds() + 360 * 24 * 3600);
  EXPECT_EQ(Changes(member).size(), 1u);  // the upgrade only
}

// The summary is one statement that joins its parts; each part must say what the read made for
// it alone says.
TEST_F(Tiers, TheSummaryAgreesWithTheSeparateReads) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  const int64_t earned = Earn(member, partner, 60'000) + Earn(member, partner, 50'000);
  ASSERT_EQ(earned, 1'100);  // gold
  ASSERT_THAT(Hold(member, partner, 150).status, IsOk());

  const account::v1::MemberSummary summary = Summary(member, 50);
  const account::v1::Balance balance = Balance(member);
  EXPECT_EQ(summary.available_points(), 950);
  EXPECT_EQ(summary.available_points(), balance.available_points());
  EXPECT_EQ(summary.held_points(), 150);
  EXPECT_EQ(summary.held_points(), balance.held_points());
  EXPECT_EQ(summary.pending_points(), balance.pending_points());

  account::v1::GetMemberTierRequest tier_request;
  tier_request.set_member_id(member);
  auto tier = Call(platform().accounts(), &AccountService::Stub::GetMemberTier, tier_request);
  ASSERT_THAT(tier.status, IsOk());
  EXPECT_EQ(summary.tier().tier_id(), "gold");
  EXPECT_EQ(summary.tier().qualifying_points(), 1'100);
  EXPECT_TRUE(MessageDifferencer::Equals(summary.tier(), tier.response))
      << summary.tier().DebugString() << " vs " << tier.response.DebugString();

  account::v1::ListTransactionsRequest history_request;
  history_request.set_member_id(member);
  auto history =
      Call(platform().accounts(), &AccountService::Stub::ListTransactions, history_request);
  ASSERT_THAT(history.status, IsOk());
  ASSERT_EQ(summary.recent_transactions_size(), 3);  // two earns and the hold
  ASSERT_EQ(history.response.transactions_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(MessageDifferencer::Equals(summary.recent_transactions(i),
                                           history.response.transactions(i)))
        << i << ": " << summary.recent_transactions(i).DebugString();
  }
  EXPECT_EQ(summary.recent_transactions(0).type(), account::v1::HOLD);
  // The lots behind the available points (the hold took its points out of them).
  ASSERT_GE(summary.next_expiring_size(), 1);
  int64_t expiring = 0;
  for (const auto& lot : summary.next_expiring()) expiring += lot.points();
  EXPECT_EQ(expiring, 950);
}

// The service answers summaries from memory while the member's summary version stands: every kind
// of write that changes a summary must move it on. Each step reads the summary first (so it is
// cached), writes, and reads again.
TEST_F(Tiers, TheSummaryIsCurrentAfterEveryKindOfChange) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  const auto fresh = [&] { return Summary(member, 50); };
  ASSERT_EQ(fresh().available_points(), 0);

  ASSERT_EQ(Earn(member, partner, 20'000), 200);  // an earn
  EXPECT_EQ(fresh().available_points(), 200);
  EXPECT_EQ(fresh().tier().qualifying_points(), 200);

  auto hold = Hold(member, partner, 50);  // a hold opens an account of the member's
  ASSERT_THAT(hold.status, IsOk());
  EXPECT_EQ(fresh().held_points(), 50);
  EXPECT_EQ(fresh().available_points(), 150);

  ASSERT_THAT(Void(hold.response.hold_id(), UniqueId("void")).status, IsOk());
  EXPECT_EQ(fresh().held_points(), 0);
  EXPECT_EQ(fresh().available_points(), 200);

  ASSERT_THAT(Redeem(member, partner, 30, UniqueId("redeem")).status, IsOk());
  EXPECT_EQ(fresh().available_points(), 170);
  EXPECT_EQ(fresh().recent_transactions(0).type(), account::v1::REDEEM);

  // A merge: the other member's points and history become this one's.
  const std::string twin = NewMember();
  ASSERT_EQ(Earn(twin, partner, 10'000), 100);
  const int history_before = fresh().recent_transactions_size();
  account::v1::MergeMembersRequest merge;
  merge.set_request_id(UniqueId("merge"));
  merge.set_source_member_id(twin);
  merge.set_target_member_id(member);
  merge.set_reason("same person enrolled twice");
  ASSERT_THAT(Call(platform().account_admin(), &AccountAdminService::Stub::MergeMembers, merge,
                   "operator")
                  .status,
              IsOk());
  const account::v1::MemberSummary merged = fresh();
  EXPECT_EQ(merged.available_points(), 270);
  EXPECT_GT(merged.recent_transactions_size(), history_before);
  EXPECT_EQ(merged.available_points(), Balance(member).available_points());
}

TEST_F(Tiers, BadLaddersAreRefusedNamingTheField) {
  auto call = [&](const account::v1::SetTierLadderRequest& request) {
    return Call(platform().account_admin(), &AccountAdminService::Stub::SetTierLadder, request,
                "operator");
  };
  account::v1::SetTierLadderRequest unordered = Ladder(UniqueId("ladder"));
  unordered.mutable_levels(2)->set_qualifying_points(500);
  auto refused = call(unordered);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(refused.status.error_message(),
            "levels[2].qualifying_points: must be above the level below's 1000, got 500");

  account::v1::SetTierLadderRequest no_base = Ladder(UniqueId("ladder"));
  no_base.mutable_levels(0)->set_qualifying_points(10);
  EXPECT_THAT(call(no_base).status.error_message(),
              HasSubstr("levels[0].qualifying_points: the lowest level's must be 0"));

  account::v1::SetTierLadderRequest window = Ladder(UniqueId("ladder"));
  window.set_window_months(0);
  EXPECT_EQ(call(window).status.error_message(), "window_months: must be between 1 and 36, got 0");

  auto ladder = Call(platform().account_admin(), &AccountAdminService::Stub::GetTierLadder,
                     account::v1::GetTierLadderRequest{}, "operator");
  ASSERT_THAT(ladder.status, IsOk());
  EXPECT_EQ(ladder.response.version(), 1);  // nothing refused was published

  account::v1::ListTierChangesRequest unknown;
  unknown.set_member_id("mbr_nobody");
  auto missing = Call(platform().accounts(), &AccountService::Stub::ListTierChanges, unknown);
  EXPECT_EQ(missing.status.error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace coalition::testing
