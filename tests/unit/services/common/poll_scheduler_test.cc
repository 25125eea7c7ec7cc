// The poll scheduler: due polls run, a far one comes forward on demand, and an urgent poller
// is never left waiting. No timing is asserted: far-off polls are hours away.
#include "services/common/poll_scheduler.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace coalition {
namespace {

class Counted final : public Pollable {
 public:
  void Poll() override {
    ++polls;
    polled.Notify();
  }
  bool Urgent() const override { return urgent; }

  std::atomic<int> polls{0};
  std::atomic<bool> urgent{false};
  absl::Notification polled;
};

TEST(PollScheduler, PollsWhatIsDueAndBringsAFarPollForward) {
  PollScheduler scheduler(2);
  Counted due;
  Counted far;
  scheduler.PollAt(&due, absl::InfinitePast());
  scheduler.PollAt(&far, absl::Now() + absl::Hours(1));
  due.polled.WaitForNotification();
  EXPECT_EQ(scheduler.waiting(), 1u);
  EXPECT_EQ(far.polls, 0);

  scheduler.PollNow(&far);
  far.polled.WaitForNotification();
  EXPECT_EQ(scheduler.waiting(), 0u);
  scheduler.PollNow(&far);  // not waiting: nothing happens
  EXPECT_EQ(scheduler.waiting(), 0u);
}

TEST(PollScheduler, AnUrgentPollerIsPolledAtOnceWhateverItAsked) {
  PollScheduler scheduler(1);
  Counted cancelled;
  cancelled.urgent = true;  // cancelled while its last poll ran: the next comes at once
  scheduler.PollAt(&cancelled, absl::Now() + absl::Hours(1));
  cancelled.polled.WaitForNotification();
  EXPECT_EQ(cancelled.polls, 1);
}

TEST(PollScheduler, AllComeForwardOnShutdownAndWaitingOnesAreDroppedAtTheEnd) {
  Counted first;
  Counted second;
  Counted never;
  {
    PollScheduler scheduler(1);
    scheduler.PollAt(&first, absl::Now() + absl::Hours(1));
    scheduler.PollAt(&second, absl::Now() + absl::Hours(2));
    scheduler.PollAllNow();
    first.polled.WaitForNotification();
    second.polled.WaitForNotification();
    scheduler.PollAt(&never, absl::Now() + absl::Hours(1));
  }  // destroyed with `never` still waiting: it is not polled
  EXPECT_EQ(never.polls, 0);
}

}  // namespace
}  // namespace coalition
