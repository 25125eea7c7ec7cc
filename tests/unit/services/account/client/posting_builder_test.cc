#include "services/account/client/posting_builder.h"

#include "gtest/gtest.h"

namespace coalition::account {
namespace {

TEST(PostingBuilder, AHoldTakesFromTheMemberAndOpensItsAccount) {
  v1::CreatePostingRequest posting = NewPosting("hold/h1", v1::HOLD, "hotel", "m1", "h1");
  AddLeg(posting, v1::MEMBER, "m1", -60);
  AddLeg(posting, v1::MEMBER_HOLD, "h1", 60);

  EXPECT_EQ(posting.request_id(), "hold/h1");
  EXPECT_EQ(posting.type(), v1::HOLD);
  EXPECT_EQ(posting.partner_id(), "hotel");
  EXPECT_EQ(posting.member_id(), "m1");
  EXPECT_EQ(posting.reference(), "h1");
  ASSERT_EQ(posting.legs_size(), 2);
  EXPECT_EQ(posting.legs(0).account().kind(), v1::MEMBER);
  EXPECT_EQ(posting.legs(0).account().owner_id(), "m1");
  EXPECT_EQ(posting.legs(0).points(), -60);
  EXPECT_EQ(posting.legs(1).account().kind(), v1::MEMBER_HOLD);
  EXPECT_EQ(posting.legs(1).account().owner_id(), "h1");
  EXPECT_EQ(posting.legs(1).points(), 60);
}

// A retry re-sends the posting under its key, and the ledger compares what it is sent: the same
// inputs must give the same bytes, field for field, as the postings built by hand before.
TEST(PostingBuilder, BuildsTheSameBytesAsAPostingSetFieldByField) {
  v1::CreatePostingRequest by_hand;
  by_hand.set_request_id("transfer/t1");
  by_hand.set_type(v1::TRANSFER);
  by_hand.set_member_id("m1");
  by_hand.set_reference("t1");
  v1::Leg* from = by_hand.add_legs();
  from->mutable_account()->set_kind(v1::MEMBER);
  from->mutable_account()->set_owner_id("m1");
  from->set_points(-5);
  v1::Leg* to = by_hand.add_legs();
  to->mutable_account()->set_kind(v1::HOUSEHOLD);
  to->mutable_account()->set_owner_id("hh1");
  to->set_points(5);

  v1::CreatePostingRequest built = NewPosting("transfer/t1", v1::TRANSFER, "", "m1", "t1");
  AddLeg(built, v1::MEMBER, "m1", -5);
  AddLeg(built, v1::HOUSEHOLD, "hh1", 5);

  EXPECT_EQ(built.SerializeAsString(), by_hand.SerializeAsString());
}

}  // namespace
}  // namespace coalition::account
