// WatchMemberEvents through the real binaries: history, live events, expiry warnings and tier
// changes, resumed from a cursor, also across a restart of the account service.
#include <memory>
#include <vector>

#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using account::v1::AccountAdminService;
using account::v1::AccountService;
using account::v1::MemberEvent;

class MemberEvents : public CoalitionTest {
 protected:
  static void SetUpTestSuite() {
    account::v1::SetTierLadderRequest ladder;
    ladder.set_request_id("member-events-ladder");
    ladder.set_window_months(12);
    for (auto [id, points] : {std::pair{"blue", 0}, std::pair{"silver", 100}}) {
      account::v1::TierLevel* level = ladder.add_levels();
      level->set_tier_id(id);
      level->set_display_name(id);
      level->set_qualifying_points(points);
      level->set_earn_multiplier_bp(10'000);
    }
    auto set = Call(SharedPlatform().account_admin(), &AccountAdminService::Stub::SetTierLadder,
                    ladder, "operator");
    ASSERT_TRUE(set.status.ok()) << set.status.error_message();
  }

  // The first `count` events of a watch (fewer if the stream ends or 15 s pass), and the status
  // the stream ended with if it ended by itself.
  struct Watched {
    std::vector<MemberEvent> events;
    grpc::Status status;
  };
  Watched Watch(
      account::v1::WatchMemberEventsRequest request, size_t count,
      const std::function<void()>& after_open = [] {}) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(15));
    auto reader = platform().accounts().WatchMemberEvents(&context, request);
    after_open();
    Watched watched;
    MemberEvent event;
    while (watched.events.size() < count && reader->Read(&event)) watched.events.push_back(event);
    if (watched.events.size() < count) {
      watched.status = reader->Finish();
    } else {
      context.TryCancel();
      reader->Finish();
    }
    return watched;
  }

  account::v1::WatchMemberEventsRequest From(const std::string& member, const std::string& cursor) {
    account::v1::WatchMemberEventsRequest request;
    request.set_member_id(member);
    request.set_cursor(cursor);
    return request;
  }
};

TEST_F(MemberEvents, HistoryThenExpiryWarningsResumedFromACursorAcrossARestart) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 12'000);  // 120 points: silver at once
  ASSERT_THAT(Redeem(member, partner, 30, UniqueId("redeem")).status, IsOk());

  Watched first = Watch(From(member, ""), 3);
  ASSERT_EQ(first.events.size(), 3u) << first.status.error_message();
  EXPECT_EQ(first.events[0].kind(), MemberEvent::POINTS_ADDED);
  EXPECT_EQ(first.events[0].transaction().type(), account::v1::EARN);
  EXPECT_EQ(first.events[0].transaction().points(), 120);
  EXPECT_EQ(first.events[1].kind(), MemberEvent::POINTS_DEDUCTED);
  EXPECT_EQ(first.events[1].transaction().points(), -30);
  EXPECT_EQ(first.events[2].kind(), MemberEvent::TIER_CHANGED);
  EXPECT_EQ(first.events[2].tier_change().to_tier_id(), "silver");
  for (const MemberEvent& event : first.events) EXPECT_EQ(event.member_id(), member);

  // Resuming after the first event gives the second again, and nothing before it.
  Watched resumed = Watch(From(member, first.events[0].cursor()), 1);
  ASSERT_EQ(resumed.events.size(), 1u);
  EXPECT_EQ(resumed.events[0].SerializeAsString(), first.events[1].SerializeAsString());

  // Nearly two years on the points are about to expire; the warning comes once, after a
  // restart too, and then the expiry itself.
  AdvanceAccountClock(absl::Hours(24 * (730 - 20)));
  Watched warned = Watch(From(member, first.events[2].cursor()), 1);
  ASSERT_EQ(warned.events.size(), 1u) << warned.status.error_message();
  EXPECT_EQ(warned.events[0].kind(), MemberEvent::POINTS_EXPIRING);
  EXPECT_EQ(warned.events[0].expiring().points(), 90);

  const absl::Time now = AccountNow();
  ASSERT_THAT(platform().RestartAccount(), IsOk());
  AdvanceAccountClock(now + absl::Hours(24 * 30) - AccountNow());  // the restart reset the clock
  ASSERT_THAT(RunExpiry(UniqueId("expiry")).status, IsOk());
  Watched expired = Watch(From(member, warned.events[0].cursor()), 1);
  ASSERT_EQ(expired.events.size(), 1u) << expired.status.error_message();
  EXPECT_EQ(expired.events[0].kind(), MemberEvent::POINTS_DEDUCTED);
  EXPECT_EQ(expired.events[0].transaction().type(), account::v1::EXPIRE);
  EXPECT_EQ(expired.events[0].transaction().points(), -90);
}

TEST_F(MemberEvents, FromNowStreamsOnlyWhatHappensNext) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 5'000);
  account::v1::WatchMemberEventsRequest request;
  request.set_member_id(member);
  request.set_from_now(true);
  Watched live = Watch(request, 1, [&] { Earn(member, partner, 2'000); });
  ASSERT_EQ(live.events.size(), 1u) << live.status.error_message();
  EXPECT_EQ(live.events[0].kind(), MemberEvent::POINTS_ADDED);
  EXPECT_EQ(live.events[0].transaction().points(), 20);
}

TEST_F(MemberEvents, BadWatchesEndAtOnceWithAPreciseStatus) {
  Watched unknown = Watch(From("mbr_nobody", ""), 1);
  EXPECT_EQ(unknown.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(unknown.status.error_message(), "member_id: no member 'mbr_nobody'");
  Watched forged = Watch(From(NewMember(), "not-a-cursor"), 1);
  EXPECT_EQ(forged.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(forged.status.error_message(), "cursor: not a cursor this service gave out");
}

}  // namespace
}  // namespace coalition::testing
