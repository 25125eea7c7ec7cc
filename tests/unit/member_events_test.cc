// The watch logic over an in-memory fake: cursors, resumption and when it stops.
#include "services/account/member_events.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coalition::account {
namespace {

// Three postings, one per sequence; Read returns those after the cursor.
class ThreePostings final : public MemberEventStore {
 public:
  absl::StatusOr<EventCursor> Latest(const std::string& member_id) override {
    if (member_id != "mbr_1") return absl::NotFoundError("member_id: no member");
    return EventCursor{3, 0, 0};
  }
  absl::StatusOr<std::vector<CursoredEvent>> Read(const std::string&, const EventCursor& after,
                                                  absl::Time, int limit) override {
    ++reads;
    std::vector<CursoredEvent> events;
    for (int64_t sequence = after.sequence + 1; sequence <= 3 && limit-- > 0; ++sequence) {
      CursoredEvent& next = events.emplace_back();
      next.event.mutable_transaction()->set_sequence(sequence);
      next.after = {sequence, 0, 0};
    }
    return events;
  }
  int reads = 0;
};

TEST(MemberEventCursor, RoundTripsAndRefusesForgeries) {
  const EventCursor cursor{42, 7, 1'800'000'000'000'000};
  auto decoded = DecodeEventCursor(EncodeEventCursor(cursor));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, cursor);
  for (const char* forged : {"", "abc", "ZXYxOjE6Mg", "ZXYyOjE6Mjoz"}) {
    EXPECT_EQ(DecodeEventCursor(forged).status().code(), absl::StatusCode::kInvalidArgument)
        << forged;
  }
}

TEST(MemberEvents, ResumesAfterTheCursorAndStopsWhenTheClientGoes) {
  ThreePostings store;
  FakeClock clock(absl::UnixEpoch());
  MemberEvents events(store, clock, absl::Milliseconds(1));
  v1::WatchMemberEventsRequest request;
  request.set_member_id("mbr_1");
  request.set_cursor(EncodeEventCursor({1, 0, 0}));
  std::vector<v1::MemberEvent> written;
  const absl::Status status = events.Watch(
      request,
      [&](const v1::MemberEvent& event) {
        written.push_back(event);
        return written.size() < 2;  // the client goes after the second
      },
      [] { return false; });
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(written.size(), 2u);
  EXPECT_EQ(written[0].transaction().sequence(), 2);
  EXPECT_EQ(written[0].member_id(), "mbr_1");
  EXPECT_EQ(*DecodeEventCursor(written[1].cursor()), (EventCursor{3, 0, 0}));
}

TEST(MemberEvents, FromNowSkipsHistoryAndCancellationEndsThePolling) {
  ThreePostings store;
  FakeClock clock(absl::UnixEpoch());
  MemberEvents events(store, clock, absl::Milliseconds(1));
  v1::WatchMemberEventsRequest request;
  request.set_member_id("mbr_1");
  request.set_from_now(true);
  int polls = 0;
  int written = 0;
  ASSERT_TRUE(events
                  .Watch(
                      request,
                      [&](const v1::MemberEvent&) {
                        ++written;
                        return true;
                      },
                      [&] { return ++polls > 3; })
                  .ok());
  EXPECT_EQ(written, 0);
  EXPECT_EQ(store.reads, 3);

  request.set_cursor(EncodeEventCursor({1, 0, 0}));
  EXPECT_EQ(events
                .Watch(
                    request, [](const v1::MemberEvent&) { return true; }, [] { return true; })
                .message(),
            "from_now: give a cursor or from_now, not both");
  request.clear_cursor();
  request.set_member_id("mbr_2");
  EXPECT_EQ(events
                .Watch(
                    request, [](const v1::MemberEvent&) { return true; }, [] { return true; })
                .code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace coalition::account
