// Operator-funded bonuses through the real binaries: the enrollment bonus once per member, and
// the referral bonus paid once, at the referred member's first qualifying purchase, however
// purchases race. Its own binary: the bonus program applies to every enrollment.
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using account::v1::AccountAdminService;
using account::v1::AccountService;

class OperatorBonuses : public CoalitionTest {
 protected:
  static void SetUpTestSuite() {
    account::v1::SetBonusProgramRequest request;
    request.set_request_id("operator-bonuses-program");
    request.mutable_program()->set_enrollment_bonus_points(100);
    request.mutable_program()->set_referral_bonus_points(500);
    request.mutable_program()->set_referral_min_points(50);
    auto set = Call(SharedPlatform().account_admin(), &AccountAdminService::Stub::SetBonusProgram,
                    request, "operator");
    ASSERT_TRUE(set.status.ok()) << set.status.error_message();
    ASSERT_EQ(set.response.version(), 1);
  }

  CallResult<account::v1::Member> Enroll(const std::string& request_id,
                                         const std::string& referred_by = "") {
    account::v1::EnrollMemberRequest request;
    request.set_request_id(request_id);
    request.set_display_name("Grace Hopper");
    request.set_referred_by_member_id(referred_by);
    return Call(platform().accounts(), &AccountService::Stub::EnrollMember, request);
  }
};

TEST_F(OperatorBonuses, TheEnrollmentBonusIsPaidOncePerMember) {
  const std::string request_id = UniqueId("enroll");
  auto enrolled = Enroll(request_id);
  ASSERT_TRUE(enrolled.status.ok()) << enrolled.status.error_message();
  auto retried = Enroll(request_id);
  ASSERT_THAT(retried.status, IsOk());
  EXPECT_EQ(retried.response.member_id(), enrolled.response.member_id());
  EXPECT_EQ(Balance(enrolled.response.member_id()).available_points(), 100);
  const auto summary = Summary(enrolled.response.member_id(), 5);
  ASSERT_EQ(summary.recent_transactions_size(), 1);
  EXPECT_EQ(summary.recent_transactions(0).type(), account::v1::BONUS);
  EXPECT_EQ(summary.recent_transactions(0).partner_id(), "");  // the operator pays, no partner
}

TEST_F(OperatorBonuses, TheReferrerIsPaidOnceAtTheFirstQualifyingPurchase) {
  const std::string partner = NewPartner();
  const std::string referrer = Enroll(UniqueId("enroll")).response.member_id();
  auto referred = Enroll(UniqueId("enroll"), referrer);
  ASSERT_TRUE(referred.status.ok()) << referred.status.error_message();
  const std::string member = referred.response.member_id();
  EXPECT_EQ(referred.response.referred_by_member_id(), referrer);

  Earn(member, partner, 2'000);  // 20 points: below the 50 a qualifying purchase earns
  EXPECT_EQ(Balance(referrer).available_points(), 100);

  std::vector<std::thread> buyers;
  for (int i = 0; i < 8; ++i) buyers.emplace_back([&] { Earn(member, partner, 10'000); });
  for (auto& buyer : buyers) buyer.join();
  EXPECT_EQ(Balance(referrer).available_points(), 100 + 500);
  EXPECT_EQ(Balance(member).available_points(), 100 + 20 + 8 * 100);

  auto unknown = Enroll(UniqueId("enroll"), "mbr_nobody");
  EXPECT_EQ(unknown.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(unknown.status.error_message(), "referred_by_member_id: no member 'mbr_nobody'");
  const Books books = ReadBooks();
  EXPECT_EQ(books.accounts_whose_lots_differ, 0);
  EXPECT_EQ(books.unbalanced_postings, 0);
}

TEST_F(OperatorBonuses, BadProgramsNameTheField) {
  account::v1::SetBonusProgramRequest request;
  request.set_request_id(UniqueId("program"));
  request.mutable_program()->set_referral_bonus_points(-5);
  auto refused = Call(platform().account_admin(), &AccountAdminService::Stub::SetBonusProgram,
                      request, "operator");
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(refused.status.error_message(),
            "program.referral_bonus_points: must be 0 (none) to 1000000000, got -5");
}

}  // namespace
}  // namespace coalition::testing
