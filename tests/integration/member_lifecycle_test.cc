// Suspending and reactivating a member, through the real binaries.
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
};

TEST_F(MemberLifecycle, ASuspendedMemberCanNeitherEarnNorSpendButHoldsStillClose) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);  // 100 points
  auto hold = Hold(member, partner, 30);
  ASSERT_TRUE(hold.status.ok());

  const std::string request_id = UniqueId("suspend");
  auto suspended = SetState(member, Member::SUSPENDED, request_id);
  ASSERT_TRUE(suspended.status.ok()) << suspended.status.error_message();
  EXPECT_EQ(suspended.response.state(), Member::SUSPENDED);
  auto retried = SetState(member, Member::SUSPENDED, request_id);  // a retry: the same answer
  ASSERT_TRUE(retried.status.ok());
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

  ASSERT_TRUE(Void(hold.response.hold_id(), UniqueId("void")).status.ok());  // still closes
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
  ASSERT_TRUE(read.status.ok());
  EXPECT_EQ(read.response.state(), Member::ACTIVE);  // nothing refused changed it
}

}  // namespace
}  // namespace coalition::testing
