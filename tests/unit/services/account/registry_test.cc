// Enrolling a member as a saga (the member's row, then the enrollment bonus: the program in
// force, its posting), interrupted between each step by UNAVAILABLE or by a crash (the step fails
// and the Registry is rebuilt from the fakes' state, as after a restart), then retried: the retry
// gets the uninterrupted run's member, and the bonus is posted once, neither twice nor lost.
#include "services/account/registry.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/account/bonuses.h"
#include "services/account/partner_terms.h"
#include "tests/fakes/bonus_store_fake.h"
#include "tests/fakes/faults.h"
#include "tests/fakes/ledger_store_fake.h"
#include "tests/fakes/party_store_fake.h"
#include "tests/fakes/versions_fake.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::account {
namespace {

using ::google::protobuf::util::MessageDifferencer;

// The fakes a Registry runs over: what a crash leaves behind.
struct World {
  World() {
    party.faults = &faults;
    bonus_store.faults = &faults;
    ledger.faults = &faults;
    bonus_store.program.set_version(1);
    bonus_store.program.set_enrollment_bonus_points(50);
  }
  FakePartyStore party;
  FakeBonusStore bonus_store;
  RecordingLedgerStore ledger;
  NoVersions<admin::v1::PartnerTerms> terms_versions;
  FakeClock clock{absl::FromUnixSeconds(1'800'000'000)};
  Faults faults;
};

// The registry and what it is built of: all rebuilt after a crash.
struct Process {
  explicit Process(World& world)
      : bonuses(world.bonus_store, world.ledger, world.clock),
        terms(world.terms_versions, world.party, world.clock),
        registry(world.party, bonuses, terms, world.clock) {}
  Bonuses bonuses;
  PartnerTermsBook terms;
  Registry registry;
};

absl::StatusOr<v1::Member> Enroll(Process& process) {
  v1::EnrollMemberRequest request;
  request.set_request_id("enroll-1");
  request.set_display_name("Ada Lovelace");
  request.set_email("ada@example.com");
  return process.registry.EnrollMember("mobile:app", request);
}

void ExpectSameEnd(const World& world, const absl::StatusOr<v1::Member>& answer,
                   const World& reference, const absl::StatusOr<v1::Member>& reference_answer) {
  ASSERT_THAT(answer, IsOk());
  ASSERT_EQ(world.party.members.size(), 1u);
  ASSERT_EQ(world.ledger.postings.size(), 1u);  // the bonus, once: neither twice nor lost
  // Ids and card numbers are random per run: the same answer is the one this world stored.
  const v1::Member& stored = world.party.members.begin()->second;
  EXPECT_TRUE(MessageDifferencer::Equals(*answer, stored)) << answer->DebugString();
  EXPECT_EQ(answer->display_name(), reference_answer->display_name());
  EXPECT_EQ(answer->enroll_time().seconds(), reference_answer->enroll_time().seconds());
  const v1::Posting& bonus = world.ledger.postings[0];
  const v1::Posting& expected = reference.ledger.postings[0];
  EXPECT_EQ(world.ledger.posted.begin()->first.second,
            absl::StrCat("enrollment-bonus/", answer->member_id()));
  ASSERT_EQ(bonus.legs_size(), expected.legs_size());
  for (int i = 0; i < bonus.legs_size(); ++i) {
    EXPECT_EQ(bonus.legs(i).points(), expected.legs(i).points());
    EXPECT_EQ(bonus.legs(i).account().kind(), expected.legs(i).account().kind());
  }
  EXPECT_EQ(bonus.legs(1).account().owner_id(), answer->member_id());
}

TEST(Registry, ARetriedEnrollmentInterruptedBetweenAnyStepsEndsAsTheUninterruptedOne) {
  World reference;
  Process uninterrupted(reference);
  const absl::StatusOr<v1::Member> reference_answer = Enroll(uninterrupted);
  ASSERT_THAT(reference_answer, IsOk());
  const std::vector<std::string> steps = reference.faults.steps;
  ASSERT_THAT(steps, ::testing::ElementsAre("EnrollMember", "BonusProgram", "Append"));
  // A retry of the finished enrollment: the same member, the bonus not posted again.
  const absl::StatusOr<v1::Member> again = Enroll(uninterrupted);
  ExpectSameEnd(reference, again, reference, reference_answer);
  EXPECT_TRUE(MessageDifferencer::Equals(*again, *reference_answer));

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
        EXPECT_THAT(Enroll(*process), StatusIs(crash ? absl::StatusCode::kInternal
                                                     : absl::StatusCode::kUnavailable));
        EXPECT_TRUE(world.faults.fired);
        if (crash) process = std::make_unique<Process>(world);  // a restart
        ExpectSameEnd(world, Enroll(*process), reference, reference_answer);
      }
    }
  }
}

}  // namespace
}  // namespace coalition::account
