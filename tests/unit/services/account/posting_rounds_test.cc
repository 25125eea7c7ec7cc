#include "services/account/posting_rounds.h"

#include <initializer_list>
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coalition::account {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

using LegSpec = std::tuple<v1::AccountKind, std::string, int64_t>;

PostingDraft Draft(const std::string& member_id, std::initializer_list<LegSpec> legs) {
  PostingDraft draft;
  draft.posting.set_member_id(member_id);
  for (const auto& [kind, owner, points] : legs) {
    v1::Leg* leg = draft.posting.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(owner);
    leg->set_points(points);
  }
  return draft;
}

PostingDraft Earn(const std::string& member, const std::string& partner = "car") {
  return Draft(member, {{v1::PARTNER_ISSUED, partner, -10}, {v1::MEMBER, member, 10}});
}

std::vector<std::vector<size_t>> RoundsOf(const std::vector<PostingDraft>& drafts) {
  std::vector<const PostingDraft*> pointers;
  for (const PostingDraft& draft : drafts) pointers.push_back(&draft);
  return SplitIntoRounds(pointers);
}

TEST(SplitIntoRoundsTest, NoDraftsNoRounds) { EXPECT_THAT(SplitIntoRounds({}), IsEmpty()); }

TEST(SplitIntoRoundsTest, DifferentMembersShareOneRoundAndTheirPartnersAccount) {
  const std::vector<PostingDraft> drafts = {Earn("m1"), Earn("m2"), Earn("m3")};
  EXPECT_THAT(RoundsOf(drafts), ElementsAre(ElementsAre(0, 1, 2)));
}

TEST(SplitIntoRoundsTest, AMembersSecondPostingWaitsForTheNextRoundInOrder) {
  const std::vector<PostingDraft> drafts = {Earn("m1"), Earn("m2"), Earn("m1"), Earn("m1"),
                                            Earn("m3")};
  EXPECT_THAT(RoundsOf(drafts), ElementsAre(ElementsAre(0, 1, 4), ElementsAre(2), ElementsAre(3)));
}

TEST(SplitIntoRoundsTest, AMemberOwnedAccountOfAnotherOwnerSplitsToo) {
  // A transfer from m1 into household h, then m2's contribution to the same household.
  const std::vector<PostingDraft> drafts = {
      Draft("m1", {{v1::MEMBER, "m1", -5}, {v1::HOUSEHOLD, "h", 5}}),
      Draft("m2", {{v1::MEMBER, "m2", -5}, {v1::HOUSEHOLD, "h", 5}}),
      Draft("m3", {{v1::MEMBER, "m3", -5}, {v1::MEMBER, "m4", 5}}),
      Draft("m4", {{v1::PARTNER_ISSUED, "car", -1}, {v1::MEMBER, "m4", 1}})};
  EXPECT_THAT(RoundsOf(drafts), ElementsAre(ElementsAre(0, 2), ElementsAre(1, 3)));
}

TEST(SplitIntoRoundsTest, APrepaidBlockIsSharedWithinARound) {
  const auto prepaid_earn = [](const std::string& member) {
    return Draft(member, {{v1::PARTNER_PREPAID, "grocer", -10}, {v1::MEMBER, member, 10}});
  };
  const std::vector<PostingDraft> drafts = {prepaid_earn("m1"), prepaid_earn("m2")};
  EXPECT_THAT(RoundsOf(drafts), ElementsAre(ElementsAre(0, 1)));
}

}  // namespace
}  // namespace coalition::account
