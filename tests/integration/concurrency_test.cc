// Concurrent spends against one member never overdraw, a hold closes exactly once, and a
// member's summary is one consistent snapshot however many writers post to it.
#include <atomic>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

class Concurrency : public CoalitionTest {};

TEST_F(Concurrency, ThirtyTwoConcurrentRedemptionsNeverOverdraw) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  ASSERT_EQ(Earn(member, partner, 100'000), 1000);

  constexpr int kClients = 32;
  constexpr int64_t kPoints = 70;  // 32 x 70 = 2240 asked of 1000
  std::atomic<int> succeeded{0};
  std::atomic<int> refused{0};
  std::atomic<int> other{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&] {
      auto result = Redeem(member, partner, kPoints, UniqueId("redeem"));
      if (result.status.ok()) {
        ++succeeded;
      } else if (result.status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (std::thread& client : clients) client.join();

  EXPECT_EQ(succeeded.load(), 14);  // floor(1000 / 70)
  EXPECT_EQ(refused.load(), kClients - 14);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Balance(member).available_points(), 1000 - 14 * kPoints);
  EXPECT_EQ(HistoryLength(member), 1 + 14);
}

TEST_F(Concurrency, SixtyFourConcurrentHoldsNeverOverdrawAndHoldExactlyWhatTheyReserved) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  ASSERT_EQ(Earn(member, partner, 100'000), 1000);
  const int64_t sequence_before = LastLedgerSequence();

  constexpr int kClients = 64;
  constexpr int64_t kPoints = 30;  // 64 x 30 = 1920 asked of 1000
  std::atomic<int> refused{0};
  std::atomic<int> other{0};
  std::atomic<int64_t> reserved{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&] {
      auto result = Hold(member, partner, kPoints);
      if (result.status.ok()) {
        reserved += result.response.points();
      } else if (result.status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        ++refused;
      } else {
        ++other;
        ADD_FAILURE() << "hold: " << result.status.error_code() << " "
                      << result.status.error_message();
      }
    });
  }
  for (std::thread& client : clients) client.join();

  EXPECT_EQ(reserved.load(), 33 * kPoints);  // floor(1000 / 30) holds
  EXPECT_EQ(refused.load(), kClients - 33);
  EXPECT_EQ(other.load(), 0);
  const account::v1::Balance balance = Balance(member);
  EXPECT_EQ(balance.held_points(), reserved.load());
  EXPECT_EQ(balance.available_points(), 1000 - reserved.load());
  EXPECT_EQ(LastLedgerSequence(), sequence_before + 33);  // refusals posted nothing
  const Books books = ReadBooks();
  EXPECT_EQ(books.accounts_whose_lots_differ, 0);
  EXPECT_EQ(books.unbalanced_postings, 0);
}

TEST_F(Concurrency, RacingCaptureAndVoidCloseAHoldExactlyOnce) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 100'000);
  for (int round = 0; round < 5; ++round) {
    // A second open hold makes sure one hold's close cannot borrow another's points.
    auto other_hold = Hold(member, partner, 100);
    auto hold = Hold(member, partner, 100);
    ASSERT_THAT(hold, IsOk());
    ASSERT_THAT(other_hold, IsOk());
    grpc::StatusCode capture_code{};
    grpc::StatusCode void_code{};
    std::thread capture([&] {
      capture_code = Capture(hold.response.hold_id(), 0, UniqueId("capture")).status.error_code();
    });
    std::thread cancel(
        [&] { void_code = Void(hold.response.hold_id(), UniqueId("void")).status.error_code(); });
    capture.join();
    cancel.join();
    EXPECT_NE(capture_code == grpc::StatusCode::OK, void_code == grpc::StatusCode::OK)
        << "exactly one of capture and void succeeds";
    EXPECT_EQ(capture_code == grpc::StatusCode::OK ? void_code : capture_code,
              grpc::StatusCode::FAILED_PRECONDITION);
    ASSERT_THAT(Void(other_hold.response.hold_id(), UniqueId("void")).status, IsOk());
  }
  EXPECT_EQ(Balance(member).held_points(), 0);
}

TEST_F(Concurrency, SummaryIsOneSnapshotWhileSixteenWritersPost) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  ASSERT_EQ(Earn(member, partner, 100'000), 1000);

  // Writers hold and void, so available + held is always 1000, and the lot behind the available
  // points always holds exactly them; a summary read across two commits would break either.
  constexpr int kWriters = 16;
  constexpr int kCyclesPerWriter = 15;
  std::atomic<bool> writing{true};
  std::atomic<int> write_errors{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&] {
      for (int cycle = 0; cycle < kCyclesPerWriter; ++cycle) {
        auto hold = Hold(member, partner, 10);
        if (!hold.status.ok() || !Void(hold.response.hold_id(), UniqueId("void")).status.ok()) {
          ++write_errors;
        }
      }
    });
  }
  std::thread stop([&] {
    for (std::thread& writer : writers) writer.join();
    writing = false;
  });
  int reads = 0;
  int reads_with_holds = 0;
  while (writing || reads == 0) {
    const account::v1::MemberSummary summary = Summary(member, 50);
    ++reads;
    if (summary.held_points() > 0) ++reads_with_holds;
    ASSERT_EQ(summary.available_points() + summary.held_points(), 1000) << "read " << reads;
    int64_t expiring = 0;
    for (const auto& lot : summary.next_expiring()) expiring += lot.points();
    ASSERT_EQ(expiring, summary.available_points()) << "read " << reads;
    ASSERT_GE(summary.recent_transactions_size(), 1);
  }
  stop.join();
  EXPECT_EQ(write_errors.load(), 0);
  EXPECT_GT(reads_with_holds, 0);  // the reads did overlap the writes
  EXPECT_EQ(Summary(member).available_points(), 1000);
}

}  // namespace
}  // namespace coalition::testing
