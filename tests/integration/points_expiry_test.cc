// Point lots and the expiry run, through the real binaries, on the account service's sandbox
// clock (the fixed policy: points live 24 months).

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/account/expiry_policy.h"
#include "services/common/proto_time.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using account::v1::AccountService;
using ::testing::HasSubstr;

constexpr absl::Duration kDay = absl::Hours(24);

absl::Time ExpiryOfPointsEarnedAt(absl::Time earned) {
  const account::ExpiryPolicy policy{account::ExpiryPolicy::Kind::kFixed, 24};
  return absl::FromUnixMicros(policy.ExpiryOfPointsEarnedAt(earned));
}

absl::Time TimeOf(const google::protobuf::Timestamp& time) {
  return absl::FromUnixMicros(ProtoTimeToMicros(time));
}

class PointsExpiry : public CoalitionTest {
 protected:
  // Runs a whole expiry run (however many steps it takes) and checks it completed.
  account::v1::ExpiryRun ExpireNow() {
    const std::string request_id = UniqueId("expiry");
    for (int step = 0; step < 100; ++step) {
      auto run = RunExpiry(request_id);
      EXPECT_TRUE(run.status.ok()) << run.status.error_message();
      if (!run.status.ok() || run.response.complete()) return run.response;
    }
    ADD_FAILURE() << "expiry run did not complete";
    return {};
  }

  // When the points of the member's newest posting expire: worked out from the posting's own
  // time, since the business clock may pass midnight between the earn and a later reading.
  absl::Time ExpiryOfNewest(const std::string& member_id) {
    return ExpiryOfPointsEarnedAt(TimeOf(Newest(member_id).occur_time()));
  }

  account::v1::Transaction Newest(const std::string& member_id) {
    account::v1::MemberSummary summary = Summary(member_id, 1);
    EXPECT_EQ(summary.recent_transactions_size(), 1);
    return summary.recent_transactions(0);
  }
};

TEST_F(PointsExpiry, PointsAreSpendableThroughTheirLastDayAndExpireAfterIt) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);  // 100 points
  const absl::Time expiry = ExpiryOfNewest(member);
  const account::v1::MemberSummary summary = Summary(member);
  ASSERT_EQ(summary.next_expiring_size(), 1);
  EXPECT_EQ(summary.next_expiring(0).points(), 100);
  EXPECT_EQ(TimeOf(summary.next_expiring(0).expire_time()), expiry);

  AdvanceAccountClock(expiry - AccountNow() - absl::Minutes(1));
  ExpireNow();
  EXPECT_EQ(Balance(member).available_points(), 100);

  AdvanceAccountClock(absl::Minutes(2));
  const account::v1::ExpiryRun run = ExpireNow();
  EXPECT_GE(run.members(), 1);
  EXPECT_GE(run.points(), 100);
  EXPECT_EQ(Balance(member).available_points(), 0);
  const account::v1::Transaction expired = Newest(member);
  EXPECT_EQ(expired.type(), account::v1::EXPIRE);
  EXPECT_EQ(expired.points(), -100);
  EXPECT_EQ(expired.partner_id(), partner);  // breakage is traced to the issuing partner
  EXPECT_EQ(Summary(member).next_expiring_size(), 0);
}

TEST_F(PointsExpiry, SpendingTakesTheSoonestExpiringPointsFirst) {
  const std::string grocer = NewPartner();
  const std::string car_rental = NewPartner();
  const std::string hotel = NewPartner();
  const std::string member = NewMember();
  Earn(member, grocer, 10'000);
  const absl::Time grocer_expiry = ExpiryOfNewest(member);
  AdvanceAccountClock(180 * kDay);
  Earn(member, car_rental, 10'000);
  const absl::Time car_expiry = ExpiryOfNewest(member);
  ASSERT_THAT(Redeem(member, hotel, 150, UniqueId("redeem")).status, IsOk());

  // The grocer's 100 points were spent first, so nothing is left to expire at their date.
  AdvanceAccountClock(grocer_expiry - AccountNow() + kDay);
  ExpireNow();
  EXPECT_EQ(Balance(member).available_points(), 50);

  AdvanceAccountClock(car_expiry - AccountNow() + kDay);
  ExpireNow();
  EXPECT_EQ(Balance(member).available_points(), 0);
  const account::v1::Transaction expired = Newest(member);
  EXPECT_EQ(expired.points(), -50);
  EXPECT_EQ(expired.partner_id(), car_rental);
}

TEST_F(PointsExpiry, HeldPointsComeBackWithTheirOwnExpiry) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);
  const absl::Time expiry = ExpiryOfNewest(member);
  auto hold = Hold(member, partner, 100);
  ASSERT_TRUE(hold.status.ok()) << hold.status.error_message();

  AdvanceAccountClock(expiry - AccountNow() + kDay);
  ExpireNow();  // held points are not the member's to lose while the hold is open
  EXPECT_EQ(Balance(member).held_points(), 100);

  ASSERT_THAT(Void(hold.response.hold_id(), UniqueId("void")).status, IsOk());
  const account::v1::MemberSummary back = Summary(member);
  EXPECT_EQ(back.available_points(), 100);
  ASSERT_EQ(back.next_expiring_size(), 1);
  EXPECT_EQ(TimeOf(back.next_expiring(0).expire_time()), expiry);  // not renewed by the void
  ExpireNow();
  EXPECT_EQ(Balance(member).available_points(), 0);
}

TEST_F(PointsExpiry, APartialCaptureReleasesTheLatestExpiringPoints) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);
  const absl::Time first_expiry = ExpiryOfNewest(member);
  AdvanceAccountClock(60 * kDay);
  Earn(member, partner, 10'000);
  const absl::Time second_expiry = ExpiryOfNewest(member);
  auto hold = Hold(member, partner, 150);  // all of the first lot, 50 of the second
  ASSERT_THAT(hold.status, IsOk());
  ASSERT_THAT(Capture(hold.response.hold_id(), 120, UniqueId("capture")).status, IsOk());

  const account::v1::MemberSummary summary = Summary(member);
  EXPECT_EQ(summary.available_points(), 80);
  ASSERT_EQ(summary.next_expiring_size(), 1);  // the 30 released rejoin the second lot
  EXPECT_EQ(summary.next_expiring(0).points(), 80);
  EXPECT_EQ(TimeOf(summary.next_expiring(0).expire_time()), second_expiry);
  EXPECT_LT(first_expiry, second_expiry);
}

TEST_F(PointsExpiry, SummaryShowsTheNextThreeExpiryDatesSoonestFirst) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  for (int64_t points : {10, 20, 30, 40}) {
    Earn(member, partner, points * 100);
    AdvanceAccountClock(40 * kDay);
  }
  const account::v1::MemberSummary summary = Summary(member, 3);
  EXPECT_EQ(summary.available_points(), 100);
  ASSERT_EQ(summary.next_expiring_size(), 3);
  EXPECT_EQ(summary.next_expiring(0).points(), 10);
  EXPECT_EQ(summary.next_expiring(1).points(), 20);
  EXPECT_EQ(summary.next_expiring(2).points(), 30);
  EXPECT_LT(TimeOf(summary.next_expiring(0).expire_time()),
            TimeOf(summary.next_expiring(1).expire_time()));
  ASSERT_EQ(summary.recent_transactions_size(), 3);
  EXPECT_EQ(summary.recent_transactions(0).points(), 40);  // newest first
  EXPECT_EQ(summary.recent_transactions(2).points(), 20);
}

TEST_F(PointsExpiry, ARunGoesOnInBoundedStepsUnderItsRequestId) {
  const std::string partner = NewPartner();
  std::vector<std::string> members;
  for (int i = 0; i < 3; ++i) {
    members.push_back(NewMember());
    Earn(members.back(), partner, 1'000);
  }
  AdvanceAccountClock(25 * 31 * kDay);

  const std::string request_id = UniqueId("expiry");
  auto first = RunExpiry(request_id, 1);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  EXPECT_FALSE(first.response.complete());
  EXPECT_EQ(first.response.members(), 1);
  account::v1::ExpiryRun last = first.response;
  for (int step = 0; step < 1000 && !last.complete(); ++step) {
    auto next = RunExpiry(request_id, 1);
    ASSERT_TRUE(next.status.ok()) << next.status.error_message();
    EXPECT_EQ(next.response.run_id(), first.response.run_id());
    EXPECT_LE(next.response.members(), last.members() + 1);
    last = next.response;
  }
  ASSERT_TRUE(last.complete());
  for (const std::string& member : members) EXPECT_EQ(Balance(member).available_points(), 0);

  // The finished run, asked again, is returned as it was and changes nothing.
  AdvanceAccountClock(25 * 31 * kDay);
  Earn(members[0], partner, 1'000);
  AdvanceAccountClock(25 * 31 * kDay);
  auto again = RunExpiry(request_id, 10);
  ASSERT_THAT(again.status, IsOk());
  EXPECT_EQ(again.response.SerializeAsString(), last.SerializeAsString());
  EXPECT_EQ(Balance(members[0]).available_points(), 10);
}

TEST_F(PointsExpiry, BadRequestsNameTheFieldAndChangeNothing) {
  auto no_key = RunExpiry("");
  EXPECT_EQ(no_key.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(no_key.status.error_message(), HasSubstr("request_id"));
  auto negative = RunExpiry(UniqueId("expiry"), -1);
  EXPECT_EQ(negative.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(negative.status.error_message(), "max_members: must not be negative, got -1");

  account::v1::GetMemberSummaryRequest unknown;
  unknown.set_member_id("mbr_nobody");
  auto missing = Call(platform().accounts(), &AccountService::Stub::GetMemberSummary, unknown);
  EXPECT_EQ(missing.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.status.error_message(), "member_id: no member 'mbr_nobody'");
  account::v1::GetMemberSummaryRequest bad_count;
  bad_count.set_member_id(NewMember());
  bad_count.set_transaction_count(-5);
  auto count = Call(platform().accounts(), &AccountService::Stub::GetMemberSummary, bad_count);
  EXPECT_EQ(count.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(count.status.error_message(), HasSubstr("transaction_count"));

  // Only the expiry run makes EXPIRE postings.
  const std::string member = NewMember();
  const std::string partner = NewPartner();
  Earn(member, partner, 1'000);
  account::v1::CreatePostingRequest forged;
  forged.set_request_id(UniqueId("forged"));
  forged.set_type(account::v1::EXPIRE);
  for (auto [kind, owner, points] :
       {std::tuple{account::v1::MEMBER, member, int64_t{-10}},
        std::tuple{account::v1::OPERATOR_BREAKAGE, std::string("operator"), int64_t{10}}}) {
    account::v1::Leg* leg = forged.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(owner);
    leg->set_points(points);
  }
  auto posted = Call(platform().ledger(), &account::v1::LedgerService::Stub::CreatePosting, forged);
  EXPECT_EQ(posted.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(posted.status.error_message(),
            "type: EXPIRE postings are made only by the account service's own operations");
  EXPECT_EQ(Balance(member).available_points(), 10);

  sandbox::v1::AdvanceClockRequest backwards;
  backwards.set_seconds(-60);
  auto moved = Call(platform().account_clock(),
                    &sandbox::v1::SandboxClockService::Stub::AdvanceClock, backwards);
  EXPECT_EQ(moved.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(moved.status.error_message(), HasSubstr("seconds: must be between 1 and"));
}

}  // namespace
}  // namespace coalition::testing
