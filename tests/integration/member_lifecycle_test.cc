// Suspending and reactivating a member, through the real binaries.
#include <map>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using account::v1::AccountAdminService;
using account::v1::Member;
using ::testing::HasSubstr;

class MemberLifecycle : public CoalitionTest {
 protected:
  CallResult<Member> SetState(const std::string& member_id, Member::State state,
                              const std::string& request_id) {
    account::v1::SetMemberStateRequest request;
    request.set_request_id(request_id);
    request.set_member_id(member_id);
    request.set_state(state);
    request.set_reason("card reported stolen");
    return Call(platform().account_admin(), &AccountAdminService::Stub::SetMemberState, request,
                "operator");
  }

  CallResult<Member> Close(const std::string& member_id, const std::string& request_id) {
    account::v1::CloseMemberRequest request;
    request.set_request_id(request_id);
    request.set_member_id(member_id);
    request.set_reason("member asked to leave the programme");
    return Call(platform().account_admin(), &AccountAdminService::Stub::CloseMember, request,
                "operator");
  }

  CallResult<Member> Merge(const std::string& source, const std::string& target,
                           const std::string& request_id) {
    account::v1::MergeMembersRequest request;
    request.set_request_id(request_id);
    request.set_source_member_id(source);
    request.set_target_member_id(target);
    request.set_reason("same person enrolled twice");
    return Call(platform().account_admin(), &AccountAdminService::Stub::MergeMembers, request,
                "operator");
  }

  std::vector<account::v1::Transaction> History(const std::string& member_id) {
    account::v1::ListTransactionsRequest request;
    request.set_member_id(member_id);
    auto history =
        Call(platform().accounts(), &account::v1::AccountService::Stub::ListTransactions, request);
    EXPECT_TRUE(history.status.ok()) << history.status.error_message();
    return {history.response.transactions().begin(), history.response.transactions().end()};
  }
};

TEST_F(MemberLifecycle, ASuspendedMemberCanNeitherEarnNorSpendButHoldsStillClose) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);  // 100 points
  auto hold = Hold(member, partner, 30);
  ASSERT_THAT(hold.status, IsOk());

  const std::string request_id = UniqueId("suspend");
  auto suspended = SetState(member, Member::SUSPENDED, request_id);
  ASSERT_TRUE(suspended.status.ok()) << suspended.status.error_message();
  EXPECT_EQ(suspended.response.state(), Member::SUSPENDED);
  auto retried = SetState(member, Member::SUSPENDED, request_id);  // a retry: the same answer
  ASSERT_THAT(retried.status, IsOk());
  EXPECT_EQ(retried.response.SerializeAsString(), suspended.response.SerializeAsString());

  auto earn = Call(platform().earning(), &earning::v1::EarningService::Stub::RecordPurchase,
                   PurchaseRequest(member, partner, 10'000), partner);
  EXPECT_EQ(earn.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(earn.status.error_message(),
            "member_id: member '" + member + "' is suspended: no earning or spending");
  auto redeem = Redeem(member, partner, 10, UniqueId("redeem"));
  EXPECT_EQ(redeem.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Hold(member, partner, 10).status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Balance(member).available_points(), 70);

  ASSERT_THAT(Void(hold.response.hold_id(), UniqueId("void")).status, IsOk());  // still closes
  EXPECT_EQ(Balance(member).available_points(), 100);

  auto again = SetState(member, Member::SUSPENDED, UniqueId("suspend"));
  EXPECT_EQ(again.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(again.status.error_message(), HasSubstr("is already SUSPENDED"));

  auto active = SetState(member, Member::ACTIVE, UniqueId("reactivate"));
  ASSERT_TRUE(active.status.ok()) << active.status.error_message();
  EXPECT_EQ(active.response.state(), Member::ACTIVE);
  EXPECT_EQ(Earn(member, partner, 10'000), 100);
  EXPECT_EQ(Balance(member).available_points(), 200);
}

TEST_F(MemberLifecycle, BadStateRequestsNameTheField) {
  const std::string member = NewMember();
  auto unspecified = SetState(member, Member::STATE_UNSPECIFIED, UniqueId("state"));
  EXPECT_EQ(unspecified.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(unspecified.status.error_message(), "state: must be ACTIVE or SUSPENDED");
  auto unknown = SetState("mbr_nobody", Member::SUSPENDED, UniqueId("state"));
  EXPECT_EQ(unknown.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(unknown.status.error_message(), "member_id: no member 'mbr_nobody'");

  account::v1::GetMemberRequest get;
  get.set_member_id(member);
  auto read = Call(platform().accounts(), &account::v1::AccountService::Stub::GetMember, get);
  ASSERT_THAT(read.status, IsOk());
  EXPECT_EQ(read.response.state(), Member::ACTIVE);  // nothing refused changed it
}

TEST_F(MemberLifecycle, ClosingForfeitsTheRemainingPointsPerIssuingPartnerForGood) {
  const std::string car = NewPartner();
  const std::string grocer = NewPartner();
  const std::string member = NewMember();
  Earn(member, car, 30'000);
  Earn(member, grocer, 20'000);
  auto hold = Hold(member, grocer, 50);
  ASSERT_THAT(hold.status, IsOk());

  const int64_t sequence = LastLedgerSequence();
  auto busy = Close(member, UniqueId("close"));
  EXPECT_EQ(busy.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(busy.status.error_message(), "member_id: member '" + member +
                                             "' has 50 points in open holds: capture or void "
                                             "them first");
  EXPECT_EQ(LastLedgerSequence(), sequence);
  ASSERT_THAT(Void(hold.response.hold_id(), UniqueId("void")).status, IsOk());

  const std::string request_id = UniqueId("close");
  auto closed = Close(member, request_id);
  ASSERT_TRUE(closed.status.ok()) << closed.status.error_message();
  EXPECT_EQ(closed.response.state(), Member::CLOSED);
  EXPECT_TRUE(closed.response.has_close_time());
  auto retried = Close(member, request_id);
  ASSERT_THAT(retried.status, IsOk());
  EXPECT_EQ(retried.response.SerializeAsString(), closed.response.SerializeAsString());
  EXPECT_EQ(Balance(member).available_points(), 0);

  // One FORFEIT per issuing partner, so breakage can be shared back with the partner.
  const auto history = History(member);
  ASSERT_GE(history.size(), 2u);
  std::map<std::string, int64_t> forfeited;
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(history[i].type(), account::v1::FORFEIT);
    forfeited[history[i].partner_id()] = history[i].points();
  }
  EXPECT_EQ(forfeited, (std::map<std::string, int64_t>{{car, -300}, {grocer, -200}}));

  auto earn = Call(platform().earning(), &earning::v1::EarningService::Stub::RecordPurchase,
                   PurchaseRequest(member, car, 10'000), car);
  EXPECT_EQ(earn.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(earn.status.error_message(),
            "member_id: member '" + member + "' is closed: no earning or spending");
  auto reactivate = SetState(member, Member::ACTIVE, UniqueId("reactivate"));
  EXPECT_EQ(reactivate.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(reactivate.status.error_message(), "member_id: member '" + member + "' is CLOSED");
  EXPECT_EQ(Close(member, UniqueId("close")).status.error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(MemberLifecycle, AMergeMovesPointsWithTheirExpiryHistoryAndQualifyingPoints) {
  account::v1::SetTierLadderRequest ladder;
  ladder.set_request_id("member-lifecycle-ladder");
  ladder.set_window_months(12);
  for (auto [id, points] : {std::pair{"blue", 0}, std::pair{"silver", 350}}) {
    account::v1::TierLevel* level = ladder.add_levels();
    level->set_tier_id(id);
    level->set_display_name(id);
    level->set_qualifying_points(points);
    level->set_earn_multiplier_bp(10'000);
  }
  ASSERT_TRUE(Call(platform().account_admin(), &AccountAdminService::Stub::SetTierLadder, ladder,
                   "operator")
                  .status.ok());

  const std::string partner = NewPartner();
  const std::string duplicate = NewMember();
  const std::string keeper = NewMember();
  Earn(duplicate, partner, 30'000);
  ASSERT_THAT(Redeem(duplicate, partner, 20, UniqueId("redeem")).status, IsOk());
  const auto duplicate_expiry = Summary(duplicate).next_expiring(0).expire_time().seconds();
  AdvanceAccountClock(absl::Hours(24 * 40));
  Earn(keeper, partner, 10'000);
  EXPECT_EQ(Summary(keeper).tier().tier_id(), "blue");

  const std::string request_id = UniqueId("merge");
  auto merged = Merge(duplicate, keeper, request_id);
  ASSERT_TRUE(merged.status.ok()) << merged.status.error_message();
  EXPECT_EQ(merged.response.member_id(), duplicate);
  EXPECT_EQ(merged.response.state(), Member::MERGED);
  EXPECT_EQ(merged.response.merged_into_member_id(), keeper);
  auto retried = Merge(duplicate, keeper, request_id);
  ASSERT_THAT(retried.status, IsOk());
  EXPECT_EQ(retried.response.SerializeAsString(), merged.response.SerializeAsString());

  const auto summary = Summary(keeper, 10);
  EXPECT_EQ(summary.available_points(), 380);
  ASSERT_EQ(summary.next_expiring_size(), 2);
  EXPECT_EQ(summary.next_expiring(0).points(), 280);  // the duplicate's, on its own date
  EXPECT_EQ(summary.next_expiring(0).expire_time().seconds(), duplicate_expiry);
  EXPECT_EQ(summary.tier().tier_id(), "silver");  // 300 + 100 qualifying points
  // The history is the duplicate's and the keeper's, without the move between them.
  std::vector<std::pair<account::v1::PostingType, int64_t>> seen;
  for (const auto& transaction : summary.recent_transactions()) {
    seen.emplace_back(transaction.type(), transaction.points());
  }
  using P = std::pair<account::v1::PostingType, int64_t>;
  EXPECT_EQ(seen, (std::vector<P>{P{account::v1::EARN, 100}, P{account::v1::REDEEM, -20},
                                  P{account::v1::EARN, 300}}));
  EXPECT_EQ(History(keeper).size(), 3u);
  EXPECT_EQ(Balance(duplicate).available_points(), 0);

  auto again = Merge(duplicate, keeper, UniqueId("merge"));
  EXPECT_EQ(again.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(again.status.error_message(),
            "source_member_id: member '" + duplicate + "' is MERGED into '" + keeper + "'");
  auto into_merged = Merge(NewMember(), duplicate, UniqueId("merge"));
  EXPECT_EQ(into_merged.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  Earn(keeper, partner, 1'000);  // the keeper goes on as before
  EXPECT_EQ(Balance(keeper).available_points(), 390);
}

TEST_F(MemberLifecycle, BadLifecycleRequestsNameTheField) {
  const std::string member = NewMember();
  auto self = Merge(member, member, UniqueId("merge"));
  EXPECT_EQ(self.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(self.status.error_message(), "target_member_id: must differ from source_member_id");
  auto nobody = Merge(member, "mbr_nobody", UniqueId("merge"));
  EXPECT_EQ(nobody.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(nobody.status.error_message(), "target_member_id: no member 'mbr_nobody'");
  auto close_nobody = Close("mbr_nobody", UniqueId("close"));
  EXPECT_EQ(close_nobody.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(close_nobody.status.error_message(), "member_id: no member 'mbr_nobody'");
}

}  // namespace
}  // namespace coalition::testing
