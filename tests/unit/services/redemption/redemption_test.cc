// Redeeming, holding, capturing and voiding points as sagas (redeem and hold: the earlier answer
// looked up, the spending admitted under the limits, the ledger posting, the row; capture and
// void: the hold read, its close claimed, the ledger posting, the close recorded), interrupted
// between each step by UNAVAILABLE or by a crash (the step fails and the Redemption is rebuilt from
// the fakes' state, as after a restart), then retried: the retry gets the uninterrupted run's
// answer, the points are posted once, and the spending counts once towards the limits.
#include "services/redemption/redemption.h"

#include <cstddef>
#include <map>
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

enum class Spend { kRedeem, kHold, kCapture, kVoid };

v1::HoldPointsRequest HoldRequest() {
  v1::HoldPointsRequest request;
  request.set_request_id("hold-1");
  request.set_partner_id("hotel");
  request.set_member_id("mbr_1");
  request.set_points(400);
  return request;
}

// The hold a capture or void closes, made uninterrupted; its id (derived from its key) is the
// same in every world.
std::string PrepareHold(World& world) {
  Process process(world);
  absl::StatusOr<v1::Hold> held = process.redemption.HoldPoints("partner:hotel", HoldRequest());
  EXPECT_THAT(held, IsOk());
  return held.ok() ? held->hold_id() : "";
}

template <typename T>
absl::StatusOr<std::string> Bytes(const absl::StatusOr<T>& answer) {
  if (!answer.ok()) return answer.status();
  return answer->SerializeAsString();
}

// The answer, as bytes: a Redemption or a Hold.
absl::StatusOr<std::string> SpendOnce(Process& process, Spend spend, const std::string& hold_id) {
  switch (spend) {
    case Spend::kRedeem: {
      v1::RedeemRequest request;
      request.set_request_id("spend-1");
      request.set_partner_id("hotel");
      request.set_member_id("mbr_1");
      request.set_points(400);
      return Bytes(process.redemption.Redeem("partner:hotel", request));
    }
    case Spend::kHold:
      return Bytes(process.redemption.HoldPoints("partner:hotel", HoldRequest()));
    case Spend::kCapture: {
      v1::CapturePointsRequest request;
      request.set_request_id("close-1");
      request.set_hold_id(hold_id);
      request.set_points(300);  // the other 100 go back to the member
      return Bytes(process.redemption.CapturePoints("partner:hotel", request));
    }
    case Spend::kVoid: {
      v1::VoidHoldRequest request;
      request.set_request_id("close-1");
      request.set_hold_id(hold_id);
      return Bytes(process.redemption.VoidHold("partner:hotel", request));
    }
  }
  return absl::InternalError("no such spending");
}

void ExpectSameEnd(const World& world, const absl::StatusOr<std::string>& answer,
                   const World& reference, const absl::StatusOr<std::string>& reference_answer) {
  ASSERT_THAT(answer, IsOk());
  EXPECT_EQ(*answer, *reference_answer);  // the same answer, byte for byte
  EXPECT_EQ(world.store.redemptions.size(), reference.store.redemptions.size());
  EXPECT_EQ(world.store.holds.size(), reference.store.holds.size());
  for (const auto& [hold_id, stored] : reference.store.holds_by_id) {
    EXPECT_TRUE(MessageDifferencer::Equals(world.store.holds_by_id.at(hold_id).hold, stored.hold))
        << world.store.holds_by_id.at(hold_id).hold.DebugString();
    EXPECT_FALSE(world.store.holds_by_id.at(hold_id).closing.has_value());  // no close left open
  }
  EXPECT_EQ(world.controls.spendings, reference.controls.spendings);  // counted once
  // Each posting once: neither twice nor lost.
  ASSERT_EQ(world.accounts.postings.size(), reference.accounts.postings.size());
  for (size_t i = 0; i < world.accounts.postings.size(); ++i) {
    EXPECT_TRUE(
        MessageDifferencer::Equals(world.accounts.postings[i], reference.accounts.postings[i]))
        << world.accounts.postings[i].DebugString();
  }
}

TEST(Redemption, ARetriedSpendingInterruptedBetweenAnyStepsEndsAsTheUninterruptedOne) {
  const std::map<Spend, std::vector<std::string>> kSteps = {
      {Spend::kRedeem, {"FindRedemption", "Admit", "CreatePosting", "InsertRedemption"}},
      {Spend::kHold, {"FindHold", "Admit", "CreatePosting", "InsertHold"}},
      {Spend::kCapture, {"GetHold", "ClaimClose", "CreatePosting", "CloseHold"}},
      {Spend::kVoid, {"GetHold", "ClaimClose", "CreatePosting", "CloseHold"}},
  };
  const std::map<Spend, std::string> kNames = {{Spend::kRedeem, "Redeem"},
                                               {Spend::kHold, "HoldPoints"},
                                               {Spend::kCapture, "CapturePoints"},
                                               {Spend::kVoid, "VoidHold"}};
  for (const auto& [spend, steps] : kSteps) {
    SCOPED_TRACE(kNames.at(spend));
    const bool closes = spend == Spend::kCapture || spend == Spend::kVoid;
    World reference;
    const std::string hold_id = closes ? PrepareHold(reference) : "";
    const size_t steps_before = reference.faults.steps.size();
    Process uninterrupted(reference);
    const absl::StatusOr<std::string> reference_answer = SpendOnce(uninterrupted, spend, hold_id);
    ASSERT_THAT(reference_answer, IsOk());
    ASSERT_THAT(std::vector<std::string>(
                    reference.faults.steps.begin() + static_cast<std::ptrdiff_t>(steps_before),
                    reference.faults.steps.end()),
                ::testing::ElementsAreArray(steps));
    ASSERT_EQ(reference.controls.spendings.size(), 1u);
    ASSERT_EQ(reference.accounts.postings.size(), closes ? 2u : 1u);
    // A retry of the finished request: the recorded answer, nothing run again.
    const size_t steps_done = reference.faults.steps.size();
    ExpectSameEnd(reference, SpendOnce(uninterrupted, spend, hold_id), reference, reference_answer);
    EXPECT_EQ(reference.faults.steps.size(), steps_done);

    for (size_t step = 0; step < steps.size(); ++step) {
      for (Faults::When when : {Faults::kBefore, Faults::kAfter}) {
        for (bool crash : {false, true}) {
          SCOPED_TRACE(absl::StrCat(crash ? "crash " : "UNAVAILABLE ",
                                    when == Faults::kBefore ? "before " : "after ", steps[step]));
          World world;
          if (closes) {
            ASSERT_EQ(PrepareHold(world), hold_id);
          }
          world.faults.FailCall(
              static_cast<int>(step), when,
              crash ? absl::InternalError("crashed") : absl::UnavailableError("connection lost"));
          auto process = std::make_unique<Process>(world);
          EXPECT_THAT(
              SpendOnce(*process, spend, hold_id),
              StatusIs(crash ? absl::StatusCode::kInternal : absl::StatusCode::kUnavailable));
          EXPECT_TRUE(world.faults.fired);
          if (crash) process = std::make_unique<Process>(world);  // a restart
          ExpectSameEnd(world, SpendOnce(*process, spend, hold_id), reference, reference_answer);
        }
      }
    }
  }
}

}  // namespace
}  // namespace coalition::redemption
