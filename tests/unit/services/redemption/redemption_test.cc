// Redeeming and holding points as sagas (the key's claim, the earlier answer looked up, the
// spending admitted under the limits, the ledger posting, the row), interrupted between each step
// by UNAVAILABLE or by a crash (the step fails and the Redemption is rebuilt from the fakes'
// state, as after a restart), then retried: the retry gets the uninterrupted run's answer, the
// points are posted once, and the spending counts once towards the limits.
#include "services/redemption/redemption.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/fakes/account_api_fake.h"
#include "tests/fakes/faults.h"
#include "tests/fakes/redemption_store_fake.h"
#include "tests/fakes/request_claims_fake.h"
#include "tests/fakes/spend_control_store_fake.h"
#include "tests/fakes/versions_fake.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::redemption {
namespace {

using ::google::protobuf::util::MessageDifferencer;

// The fakes a Redemption runs over: what a crash leaves behind.
struct World {
  World() {
    store.faults = &faults;
    controls.faults = &faults;
    accounts.faults = &faults;
    admin::v1::Partner hotel = account::FakeAccountApi::Partner("hotel", "EUR", 1, 100);
    hotel.mutable_reimbursement_price()->set_amount_minor(8);
    hotel.mutable_reimbursement_price()->set_per_points(10);
    accounts.AddPartner(hotel);
    accounts.AddMember("mbr_1");
  }
  FakeRedemptionStore store;
  FakeSpendControlStore controls;
  account::FakeAccountApi accounts;
  FakeRequestClaims claims;
  NoVersions<v1::BurnTerms> burn_terms;
  FakeClock clock{absl::FromUnixSeconds(1'800'000'000)};
  Faults faults;
};

// The Redemption and what it is built of: all rebuilt after a crash.
struct Process {
  explicit Process(World& world)
      : terms(world.burn_terms, world.accounts, world.clock),
        redemption(world.store, terms, world.controls, world.accounts, world.claims, ids,
                   world.clock) {}
  IdDeriver ids{"service secret"};
  BurnTermsBook terms;
  Redemption redemption;
};

enum class Spend { kRedeem, kHold };

// The answer, as bytes: a Redemption or a Hold.
absl::StatusOr<std::string> SpendOnce(Process& process, Spend spend) {
  if (spend == Spend::kRedeem) {
    v1::RedeemRequest request;
    request.set_request_id("spend-1");
    request.set_partner_id("hotel");
    request.set_member_id("mbr_1");
    request.set_points(400);
    absl::StatusOr<v1::Redemption> redeemed = process.redemption.Redeem("partner:hotel", request);
    if (!redeemed.ok()) return redeemed.status();
    return redeemed->SerializeAsString();
  }
  v1::HoldPointsRequest request;
  request.set_request_id("spend-1");
  request.set_partner_id("hotel");
  request.set_member_id("mbr_1");
  request.set_points(400);
  absl::StatusOr<v1::Hold> held = process.redemption.HoldPoints("partner:hotel", request);
  if (!held.ok()) return held.status();
  return held->SerializeAsString();
}

void ExpectSameEnd(const World& world, const absl::StatusOr<std::string>& answer,
                   const World& reference, const absl::StatusOr<std::string>& reference_answer) {
  ASSERT_THAT(answer, IsOk());
  EXPECT_EQ(*answer, *reference_answer);  // the same answer, byte for byte
  EXPECT_EQ(world.store.redemptions.size(), reference.store.redemptions.size());
  EXPECT_EQ(world.store.holds.size(), reference.store.holds.size());
  EXPECT_EQ(world.controls.spendings, reference.controls.spendings);  // counted once
  ASSERT_EQ(world.accounts.postings.size(), 1u);  // posted once: neither twice nor lost
  EXPECT_TRUE(
      MessageDifferencer::Equals(world.accounts.postings[0], reference.accounts.postings[0]))
      << world.accounts.postings[0].DebugString();
}

TEST(Redemption, ARetriedSpendingInterruptedBetweenAnyStepsEndsAsTheUninterruptedOne) {
  for (Spend spend : {Spend::kRedeem, Spend::kHold}) {
    const std::string name = spend == Spend::kRedeem ? "Redeem" : "HoldPoints";
    SCOPED_TRACE(name);
    World reference;
    Process uninterrupted(reference);
    const absl::StatusOr<std::string> reference_answer = SpendOnce(uninterrupted, spend);
    ASSERT_THAT(reference_answer, IsOk());
    const std::vector<std::string> steps = reference.faults.steps;
    if (spend == Spend::kRedeem) {
      ASSERT_THAT(steps, ::testing::ElementsAre("FindRedemption", "Admit", "CreatePosting",
                                                "InsertRedemption"));
    } else {
      ASSERT_THAT(steps,
                  ::testing::ElementsAre("FindHold", "Admit", "CreatePosting", "InsertHold"));
    }
    ASSERT_EQ(reference.controls.spendings.size(), 1u);
    // A retry of the finished request: the recorded answer, nothing run again.
    ExpectSameEnd(reference, SpendOnce(uninterrupted, spend), reference, reference_answer);
    EXPECT_EQ(reference.faults.steps.size(), steps.size());

    for (size_t step = 0; step < steps.size(); ++step) {
      for (Faults::When when : {Faults::kBefore, Faults::kAfter}) {
        for (bool crash : {false, true}) {
          SCOPED_TRACE(absl::StrCat(crash ? "crash " : "UNAVAILABLE ",
                                    when == Faults::kBefore ? "before " : "after ", steps[step]));
          World world;
          world.faults.FailCall(
              static_cast<int>(step), when,
              crash ? absl::InternalError("crashed") : absl::UnavailableError("connection lost"));
          auto process = std::make_unique<Process>(world);
          EXPECT_THAT(SpendOnce(*process, spend), StatusIs(crash ? absl::StatusCode::kInternal
                                                                 : absl::StatusCode::kUnavailable));
          EXPECT_TRUE(world.faults.fired);
          if (crash) process = std::make_unique<Process>(world);  // a restart
          ExpectSameEnd(world, SpendOnce(*process, spend), reference, reference_answer);
        }
      }
    }
  }
}

}  // namespace
}  // namespace coalition::redemption
