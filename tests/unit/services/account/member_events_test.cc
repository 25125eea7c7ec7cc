// The watch logic over an in-memory fake: cursors, resumption and when it stops.
#include "services/account/member_events.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/fakes/member_event_store_fake.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::account {
namespace {

TEST(MemberEventCursor, RoundTripsAndRefusesForgeries) {
  const EventCursor cursor{42, 7, 1'800'000'000'000'000};
  auto decoded = DecodeEventCursor(EncodeEventCursor(cursor));
  ASSERT_THAT(decoded, IsOk());
  EXPECT_EQ(*decoded, cursor);
  for (const char* forged : {"", "abc", "ZXYxOjE6Mg", "ZXYyOjE6Mjoz"}) {
    EXPECT_EQ(DecodeEventCursor(forged).status().code(), absl::StatusCode::kInvalidArgument)
        << forged;
  }
}

TEST(MemberEvents, ResumesAfterTheCursorAndMovesPastWhatItRead) {
  ThreePostings store;
  FakeClock clock(absl::UnixEpoch());
  MemberEvents events(store, clock);
  v1::WatchMemberEventsRequest request;
  request.set_member_id("mbr_1");
  request.set_cursor(EncodeEventCursor({1, 0, 0}));
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  absl::StatusOr<MemberWatch> watch = events.Open(request, now);
  ASSERT_TRUE(watch.ok()) << watch.status();
  EXPECT_EQ(watch->ends, now + absl::Seconds(600));  // the longest, when the client asks none

  absl::StatusOr<std::vector<v1::MemberEvent>> batch = events.Next(*watch);
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_EQ(batch->size(), 2u);
  EXPECT_EQ((*batch)[0].transaction().sequence(), 2);
  EXPECT_EQ((*batch)[0].member_id(), "mbr_1");
  EXPECT_EQ(*DecodeEventCursor((*batch)[1].cursor()), (EventCursor{3, 0, 0}));
  EXPECT_EQ(watch->cursor, (EventCursor{3, 0, 0}));
  EXPECT_TRUE(events.Next(*watch)->empty());  // nothing new: the stream waits
}

TEST(MemberEvents, FromNowSkipsHistoryAndBadRequestsNameTheField) {
  ThreePostings store;
  FakeClock clock(absl::UnixEpoch());
  MemberEvents events(store, clock);
  v1::WatchMemberEventsRequest request;
  request.set_member_id("mbr_1");
  request.set_from_now(true);
  request.set_max_duration_s(60);
  absl::StatusOr<MemberWatch> watch = events.Open(request, absl::UnixEpoch());
  ASSERT_TRUE(watch.ok()) << watch.status();
  EXPECT_EQ(watch->ends, absl::UnixEpoch() + absl::Seconds(60));
  EXPECT_TRUE(events.Next(*watch)->empty());
  EXPECT_EQ(store.reads, 1);

  request.set_cursor(EncodeEventCursor({1, 0, 0}));
  EXPECT_EQ(events.Open(request, absl::UnixEpoch()).status().message(),
            "from_now: give a cursor or from_now, not both");
  request.clear_cursor();
  request.set_max_duration_s(-1);
  EXPECT_EQ(events.Open(request, absl::UnixEpoch()).status().code(),
            absl::StatusCode::kInvalidArgument);
  request.set_max_duration_s(0);
  request.set_member_id("mbr_2");
  EXPECT_EQ(events.Open(request, absl::UnixEpoch()).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace coalition::account
