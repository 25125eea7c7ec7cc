// Settling a pending purchase as a saga (read it, move it out of PENDING, post its points),
// interrupted between each of its steps by UNAVAILABLE or by a crash (the step fails and the
// PendingPurchases is rebuilt from the fakes' state, as after a restart), then retried: the retry
// gets the uninterrupted run's answer, the purchase ends in the same state, and its points are
// posted once.
#include "services/earning/pending_purchases.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/fakes/account_api_fake.h"
#include "tests/fakes/faults.h"
#include "tests/fakes/purchase_store_fake.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::earning {
namespace {

using ::google::protobuf::util::MessageDifferencer;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

// The fakes a PendingPurchases runs over: what a crash leaves behind.
struct World {
  World() {
    store.faults = &faults;
    accounts.faults = &faults;
    v1::Purchase purchase;
    purchase.set_purchase_id("pur_1");
    purchase.set_partner_id("car");
    purchase.set_member_id("mbr_1");
    purchase.set_partner_transaction_id("T-9");
    purchase.set_points_earned(120);
    purchase.set_state(v1::Purchase::PENDING);
    store.purchases["pur_1"] = {purchase, std::nullopt};
  }
  FakePurchaseStore store;
  account::FakeAccountApi accounts;
  FakeClock clock{kNow};
  Faults faults;
};

enum class Settle { kConfirm, kCancel };

absl::StatusOr<v1::Purchase> SettleOnce(PendingPurchases& pending, Settle settle) {
  v1::SettlePurchaseRequest request;
  request.set_request_id("settle-1");
  request.set_partner_id("car");
  request.set_partner_transaction_id("T-9");
  return settle == Settle::kConfirm ? pending.Confirm("partner:car", request)
                                    : pending.Cancel("partner:car", request);
}

// The end state an interrupted and retried run must reach: the uninterrupted run's.
void ExpectSameEnd(const World& world, const absl::StatusOr<v1::Purchase>& answer,
                   const World& reference, const absl::StatusOr<v1::Purchase>& reference_answer) {
  ASSERT_THAT(answer, IsOk());
  EXPECT_TRUE(MessageDifferencer::Equals(*answer, *reference_answer))
      << answer->DebugString() << " vs " << reference_answer->DebugString();
  const auto& stored = world.store.purchases.at("pur_1");
  const auto& expected = reference.store.purchases.at("pur_1");
  EXPECT_TRUE(MessageDifferencer::Equals(stored.purchase, expected.purchase))
      << stored.purchase.DebugString();
  ASSERT_TRUE(stored.settled_by.has_value());
  EXPECT_EQ(stored.settled_by->request_id, expected.settled_by->request_id);
  ASSERT_EQ(world.accounts.postings.size(), 1u);  // posted once: neither twice nor lost
  EXPECT_TRUE(
      MessageDifferencer::Equals(world.accounts.postings[0], reference.accounts.postings[0]))
      << world.accounts.postings[0].DebugString();
}

TEST(PendingPurchases, ARetryAfterAnInterruptionBetweenAnyStepsEndsAsTheUninterruptedRun) {
  for (Settle settle : {Settle::kConfirm, Settle::kCancel}) {
    World reference;
    PendingPurchases uninterrupted(reference.store, reference.accounts, reference.clock);
    const absl::StatusOr<v1::Purchase> reference_answer = SettleOnce(uninterrupted, settle);
    ASSERT_THAT(reference_answer, IsOk());
    ASSERT_THAT(reference.faults.steps,
                ::testing::ElementsAre("GetByTransaction", "Settle", "CreatePosting"));
    const std::vector<std::string> steps = reference.faults.steps;
    // A retry of the finished request: the same answer, nothing posted again.
    ExpectSameEnd(reference, SettleOnce(uninterrupted, settle), reference, reference_answer);

    for (size_t step = 0; step < steps.size(); ++step) {
      for (Faults::When when : {Faults::kBefore, Faults::kAfter}) {
        for (bool crash : {false, true}) {
          SCOPED_TRACE(absl::StrCat(settle == Settle::kConfirm ? "confirm" : "cancel", ", ",
                                    crash ? "crash " : "UNAVAILABLE ",
                                    when == Faults::kBefore ? "before " : "after ", steps[step]));
          World world;
          world.faults.FailCall(
              static_cast<int>(step), when,
              crash ? absl::InternalError("crashed") : absl::UnavailableError("connection lost"));
          auto pending =
              std::make_unique<PendingPurchases>(world.store, world.accounts, world.clock);
          EXPECT_THAT(
              SettleOnce(*pending, settle),
              StatusIs(crash ? absl::StatusCode::kInternal : absl::StatusCode::kUnavailable));
          EXPECT_TRUE(world.faults.fired);
          if (crash) {  // a restart: nothing survives but what the fakes hold
            pending = std::make_unique<PendingPurchases>(world.store, world.accounts, world.clock);
          }
          ExpectSameEnd(world, SettleOnce(*pending, settle), reference, reference_answer);
        }
      }
    }
  }
}

TEST(PendingPurchases, AConfirmedPurchaseCannotBeCancelledAndIsPostedOnce) {
  World world;
  PendingPurchases pending(world.store, world.accounts, world.clock);
  ASSERT_THAT(SettleOnce(pending, Settle::kConfirm), IsOk());
  EXPECT_THAT(SettleOnce(pending, Settle::kCancel),
              StatusIs(absl::StatusCode::kAlreadyExists));  // the same request id, other content
  v1::SettlePurchaseRequest cancel;
  cancel.set_request_id("cancel-1");
  cancel.set_partner_id("car");
  cancel.set_partner_transaction_id("T-9");
  EXPECT_THAT(pending.Cancel("partner:car", cancel),
              StatusIs(absl::StatusCode::kFailedPrecondition, ::testing::HasSubstr("CONFIRMED")));
  EXPECT_EQ(world.accounts.postings.size(), 1u);
}

}  // namespace
}  // namespace coalition::earning
