// The transfer logic over an in-memory fake: the posting it asks for, and what never reaches it.
#include "services/account/transfers.h"

#include <optional>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/proto_time.h"
#include "tests/fakes/transfer_store_fake.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::account {
namespace {

v1::TransferPointsRequest Request() {
  v1::TransferPointsRequest request;
  request.set_request_id("gift-1");
  request.set_from_member_id("mbr_a");
  request.set_to_member_id("mbr_b");
  request.set_points(250);
  return request;
}

TEST(Transfers, PostsATransferFromOneMemberToTheOtherUnderTheClientsKey) {
  RecordingTransferStore store;
  FakeClock clock(absl::FromUnixSeconds(1'800'000'000));
  Transfers transfers(store, clock, 10'000);
  auto sent = transfers.Transfer("mobile", Request());
  ASSERT_TRUE(sent.ok()) << sent.status();

  ASSERT_TRUE(store.posting.has_value());
  const v1::Posting& posting = store.posting->posting;
  EXPECT_EQ(posting.type(), v1::TRANSFER);
  EXPECT_EQ(posting.member_id(), "mbr_a");
  ASSERT_EQ(posting.legs_size(), 2);
  EXPECT_EQ(posting.legs(0).account().owner_id(), "mbr_a");
  EXPECT_EQ(posting.legs(0).points(), -250);
  EXPECT_EQ(posting.legs(1).account().kind(), v1::MEMBER);
  EXPECT_EQ(posting.legs(1).points(), 250);
  EXPECT_EQ(store.posting->key.request_id, "transfer/" + sent->transfer_id());
  EXPECT_EQ(store.key->request_id, "gift-1");
  EXPECT_EQ(store.limit, 10'000);
  EXPECT_EQ(ProtoTimeToMicros(sent->transfer_time()), 1'800'000'000'000'000);

  // The same key always names the same transfer.
  EXPECT_EQ(transfers.Transfer("mobile", Request())->transfer_id(), sent->transfer_id());
}

TEST(Transfers, IntoAHouseholdCreditsItsPool) {
  RecordingTransferStore store;
  FakeClock clock(absl::UnixEpoch());
  Transfers transfers(store, clock, 10'000);
  v1::TransferPointsRequest request = Request();
  request.clear_to_member_id();
  request.set_to_household_id("hh_1");
  ASSERT_THAT(transfers.Transfer("mobile", request), IsOk());
  EXPECT_EQ(store.posting->posting.legs(1).account().kind(), v1::HOUSEHOLD);
  EXPECT_EQ(store.posting->posting.legs(1).account().owner_id(), "hh_1");
}

TEST(Transfers, BadRequestsNeverReachTheStore) {
  RecordingTransferStore store;
  FakeClock clock(absl::UnixEpoch());
  Transfers transfers(store, clock, 10'000);
  v1::TransferPointsRequest nowhere = Request();
  nowhere.clear_to_member_id();
  v1::TransferPointsRequest negative = Request();
  negative.set_points(-1);
  v1::TransferPointsRequest no_sender = Request();
  no_sender.clear_from_member_id();
  for (const auto& request : {nowhere, negative, no_sender}) {
    EXPECT_EQ(transfers.Transfer("mobile", request).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(transfers.Transfer("mobile", nowhere).status().message(),
            "to_member_id: set exactly one of to_member_id and to_household_id");
  EXPECT_FALSE(store.posting.has_value());
}

}  // namespace
}  // namespace coalition::account
