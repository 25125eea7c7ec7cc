#include "services/account/ledger_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/limits.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::account {
namespace {

using ::testing::HasSubstr;

v1::CreatePostingRequest Posting(
    std::initializer_list<std::tuple<v1::AccountKind, std::string, int64_t>> legs) {
  v1::CreatePostingRequest request;
  request.set_request_id("req-1");
  request.set_type(v1::EARN);
  request.set_member_id("mbr_1");
  for (const auto& [kind, owner, points] : legs) {
    v1::Leg* leg = request.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(owner);
    leg->set_points(points);
  }
  return request;
}

TEST(LedgerRules, ABalancedPostingIsValid) {
  EXPECT_TRUE(
      ValidatePostingRequest(Posting({{v1::PARTNER_ISSUED, "car", -10}, {v1::MEMBER, "mbr_1", 10}}))
          .ok());
  EXPECT_TRUE(ValidatePostingRequest(Posting({{v1::MEMBER_HOLD, "hld_1", -10},
                                              {v1::PARTNER_REDEEMED, "hotel", 7},
                                              {v1::MEMBER, "mbr_1", 3}}))
                  .ok());
}

TEST(LedgerRules, LegsMustSumToZero) {
  absl::Status status = ValidatePostingRequest(
      Posting({{v1::PARTNER_ISSUED, "car", -10}, {v1::MEMBER, "mbr_1", 11}}));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("sum to 0"));
  EXPECT_THAT(status.message(), HasSubstr("got 1"));
}

TEST(LedgerRules, NeedsTwoLegsNoZeroLegsAndNoAccountTwice) {
  EXPECT_THAT(ValidatePostingRequest(Posting({{v1::MEMBER, "mbr_1", 0}})).message(),
              HasSubstr("2 to 8 legs"));
  EXPECT_THAT(
      ValidatePostingRequest(Posting({{v1::PARTNER_ISSUED, "car", 0}, {v1::MEMBER, "mbr_1", 0}}))
          .message(),
      HasSubstr("legs[0].points: must not be 0"));
  EXPECT_THAT(ValidatePostingRequest(Posting({{v1::MEMBER, "mbr_1", -5}, {v1::MEMBER, "mbr_1", 5}}))
                  .message(),
              HasSubstr("legs[1].account: the same account"));
}

TEST(LedgerRules, LegMagnitudesAreBounded) {
  EXPECT_THAT(ValidatePostingRequest(Posting({{v1::PARTNER_ISSUED, "car", -kMaxAmount - 1},
                                              {v1::MEMBER, "mbr_1", kMaxAmount + 1}}))
                  .message(),
              HasSubstr("legs[0].points: magnitude"));
}

TEST(LedgerRules, OperatorAccountsBelongToTheOperator) {
  EXPECT_THAT(ValidatePostingRequest(
                  Posting({{v1::OPERATOR_PROMOTIONS, "car", -5}, {v1::MEMBER, "mbr_1", 5}}))
                  .message(),
              HasSubstr("owned by 'operator'"));
  EXPECT_TRUE(ValidatePostingRequest(
                  Posting({{v1::OPERATOR_PROMOTIONS, "operator", -5}, {v1::MEMBER, "mbr_1", 5}}))
                  .ok());
}

TEST(LedgerRules, RequestIdAndTypeAreRequired) {
  auto request = Posting({{v1::PARTNER_ISSUED, "car", -1}, {v1::MEMBER, "mbr_1", 1}});
  request.clear_request_id();
  EXPECT_THAT(ValidatePostingRequest(request).message(), HasSubstr("request_id"));
  request.set_request_id("r");
  request.clear_type();
  EXPECT_THAT(ValidatePostingRequest(request).message(), HasSubstr("type"));
}

TEST(LedgerRules, OnlyMemberOwnedAccountsAreKeptNonNegative) {
  EXPECT_TRUE(IsNonNegative(v1::MEMBER));
  EXPECT_TRUE(IsNonNegative(v1::MEMBER_HOLD));
  EXPECT_FALSE(IsNonNegative(v1::PARTNER_ISSUED));
  EXPECT_FALSE(IsNonNegative(v1::PARTNER_REDEEMED));
  EXPECT_FALSE(IsNonNegative(v1::OPERATOR_BREAKAGE));
}

TEST(LedgerRules, SpendingAHouseholdPoolNamesTheSpender) {
  v1::CreatePostingRequest spend =
      Posting({{v1::HOUSEHOLD, "hh_1", -10}, {v1::PARTNER_REDEEMED, "hotel", 10}});
  EXPECT_THAT(ValidatePostingRequest(spend), IsOk());
  spend.clear_member_id();
  const absl::Status status = ValidatePostingRequest(spend);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "member_id: is required when a leg spends a HOUSEHOLD's points");
  // Pooling into it needs no spender.
  v1::CreatePostingRequest pool =
      Posting({{v1::MEMBER, "mbr_1", -10}, {v1::HOUSEHOLD, "hh_1", 10}});
  pool.clear_member_id();
  EXPECT_THAT(ValidatePostingRequest(pool), IsOk());
  EXPECT_TRUE(IsNonNegative(v1::HOUSEHOLD));
  EXPECT_EQ(NoSuchOwner(v1::HOUSEHOLD, "hh_9"), "household_id: no household 'hh_9'");
}

}  // namespace
}  // namespace coalition::account
