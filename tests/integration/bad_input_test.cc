// Each bad input gets its precise status, a message naming the field, and changes nothing.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using ::testing::HasSubstr;
using RedemptionStub = redemption::v1::RedemptionService::Stub;
using EarningStub = earning::v1::EarningService::Stub;

class BadInput : public CoalitionTest {
 protected:
  void SetUp() override {
    partner_ = NewPartner();
    member_ = NewMember();
    Earn(member_, partner_, 10'000);  // 100 points
    sequence_before_ = LastLedgerSequence();
  }
  // Nothing moved: the member's points and the ledger are as SetUp left them.
  void ExpectNothingChanged() {
    EXPECT_EQ(Balance(member_).available_points(), 100);
    EXPECT_EQ(Balance(member_).held_points(), 0);
    EXPECT_EQ(LastLedgerSequence(), sequence_before_);
  }
  earning::v1::RecordPurchaseRequest Purchase() {
    return PurchaseRequest(member_, partner_, 1'000);
  }
  void ExpectPurchaseRefused(const earning::v1::RecordPurchaseRequest& request,
                             grpc::StatusCode code, const std::string& field) {
    auto result = Call(platform().earning(), &EarningStub::RecordPurchase, request, partner_);
    EXPECT_EQ(result.status.error_code(), code) << result.status.error_message();
    EXPECT_THAT(result.status.error_message(), HasSubstr(field));
    ExpectNothingChanged();
  }
  void ExpectRedeemRefused(const std::string& member, const std::string& partner, int64_t points,
                           const std::string& request_id, grpc::StatusCode code,
                           const std::string& message) {
    auto result = Redeem(member, partner, points, request_id);
    EXPECT_EQ(result.status.error_code(), code) << result.status.error_message();
    EXPECT_THAT(result.status.error_message(), HasSubstr(message));
    ExpectNothingChanged();
  }

  std::string partner_;
  std::string member_;
  int64_t sequence_before_ = 0;
};

TEST_F(BadInput, PurchaseForAnUnknownMemberIsNotFound) {
  auto request = Purchase();
  request.set_member_id("mbr_nobody");
  ExpectPurchaseRefused(request, grpc::StatusCode::NOT_FOUND, "member_id");
}

TEST_F(BadInput, ARefusedPurchaseLeavesNothingSoTheCorrectedRetrySucceeds) {
  auto request = Purchase();
  request.set_member_id("mbr_nobody");
  ExpectPurchaseRefused(request, grpc::StatusCode::NOT_FOUND, "member_id");
  request.set_member_id(member_);  // same request id and partner transaction, now right
  auto corrected = Call(platform().earning(), &EarningStub::RecordPurchase, request, partner_);
  ASSERT_TRUE(corrected.status.ok()) << corrected.status.error_message();
  EXPECT_EQ(Balance(member_).available_points(), 110);
}

TEST_F(BadInput, PurchaseAtAnUnknownPartnerIsNotFound) {
  auto request = Purchase();
  request.set_partner_id("no-such-partner");
  ExpectPurchaseRefused(request, grpc::StatusCode::NOT_FOUND, "partner_id");
}

TEST_F(BadInput, PurchaseOfZeroOrNegativeAmountIsInvalid) {
  auto request = Purchase();
  request.set_amount_minor(0);
  ExpectPurchaseRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "amount_minor");
  request.set_amount_minor(-500);
  ExpectPurchaseRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "amount_minor");
}

TEST_F(BadInput, PurchaseWithoutRequestIdIsInvalid) {
  auto request = Purchase();
  request.clear_request_id();
  ExpectPurchaseRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "request_id");
}

TEST_F(BadInput, PurchaseInAnotherCurrencyIsInvalid) {
  auto request = Purchase();
  request.set_currency("USD");
  ExpectPurchaseRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "currency");
}

TEST_F(BadInput, CallWithoutCallerIdentityIsUnauthenticated) {
  grpc::ClientContext context;  // no x-coalition-caller
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  earning::v1::Purchase response;
  grpc::Status status = platform().earning().RecordPurchase(&context, Purchase(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("x-coalition-caller"));
  ExpectNothingChanged();
}

TEST_F(BadInput, RedeemingMoreThanTheBalanceIsFailedPrecondition) {
  ExpectRedeemRefused(member_, partner_, 101, UniqueId("redeem"),
                      grpc::StatusCode::FAILED_PRECONDITION, "insufficient points");
}

TEST_F(BadInput, RedeemingZeroOrNegativePointsIsInvalid) {
  ExpectRedeemRefused(member_, partner_, 0, UniqueId("redeem"), grpc::StatusCode::INVALID_ARGUMENT,
                      "points");
  ExpectRedeemRefused(member_, partner_, -5, UniqueId("redeem"), grpc::StatusCode::INVALID_ARGUMENT,
                      "points");
}

TEST_F(BadInput, RedeemingForUnknownMemberOrPartnerIsNotFound) {
  ExpectRedeemRefused("mbr_nobody", partner_, 10, UniqueId("redeem"), grpc::StatusCode::NOT_FOUND,
                      "member_id");
  ExpectRedeemRefused(member_, "no-such-partner", 10, UniqueId("redeem"),
                      grpc::StatusCode::NOT_FOUND, "partner_id");
}

TEST_F(BadInput, RedeemWithoutRequestIdIsInvalid) {
  ExpectRedeemRefused(member_, partner_, 10, "", grpc::StatusCode::INVALID_ARGUMENT, "request_id");
  ExpectRedeemRefused(member_, partner_, 10, "has spaces", grpc::StatusCode::INVALID_ARGUMENT,
                      "request_id");
}

TEST_F(BadInput, HoldBeyondTheBalanceAndCaptureBeyondTheHoldAreRefused) {
  EXPECT_EQ(Hold(member_, partner_, 101).status.error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ExpectNothingChanged();

  auto hold = Hold(member_, partner_, 40);
  ASSERT_THAT(hold.status, IsOk());
  auto capture = Capture(hold.response.hold_id(), 41, UniqueId("capture"));
  EXPECT_EQ(capture.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(capture.status.error_message(), HasSubstr("points"));
  EXPECT_EQ(Balance(member_).held_points(), 40);
}

TEST_F(BadInput, CapturingAnUnknownHoldIsNotFound) {
  auto capture = Capture("hld_nothing", 0, UniqueId("capture"));
  EXPECT_EQ(capture.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(capture.status.error_message(), HasSubstr("hold_id"));
  ExpectNothingChanged();
}

TEST_F(BadInput, APostingThatDoesNotBalanceIsInvalid) {
  account::v1::CreatePostingRequest request;
  request.set_request_id(UniqueId("posting"));
  request.set_type(account::v1::EARN);
  for (auto [kind, owner, points] : {std::tuple{account::v1::PARTNER_ISSUED, partner_, -10},
                                     std::tuple{account::v1::MEMBER, member_, 11}}) {
    account::v1::Leg* leg = request.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(owner);
    leg->set_points(points);
  }
  auto result = Call(platform().ledger(), &account::v1::LedgerService::Stub::CreatePosting, request,
                     "earning");
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(result.status.error_message(), HasSubstr("sum to 0"));
  ExpectNothingChanged();
}

TEST_F(BadInput, AForgedPageTokenIsInvalid) {
  account::v1::ListTransactionsRequest request;
  request.set_member_id(member_);
  request.set_page_token("not-a-token");
  auto result =
      Call(platform().accounts(), &account::v1::AccountService::Stub::ListTransactions, request);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(result.status.error_message(), HasSubstr("page_token"));
}

TEST_F(BadInput, UnknownMemberBalanceIsNotFound) {
  account::v1::GetBalanceRequest request;
  request.set_member_id("mbr_nobody");
  auto result =
      Call(platform().accounts(), &account::v1::AccountService::Stub::GetBalance, request);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(result.status.error_message(), HasSubstr("member_id"));
}

TEST_F(BadInput, PartnerWithUnusableTermsIsInvalid) {
  admin::v1::CreatePartnerRequest request;
  request.set_request_id(UniqueId("partner"));
  request.mutable_partner()->set_partner_id("Bad Slug");
  auto result = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::CreatePartner,
                     request, "operator");
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(result.status.error_message(), HasSubstr("partner.partner_id"));

  request.mutable_partner()->set_partner_id(UniqueId("p"));
  request.mutable_partner()->set_display_name("Zero rate");
  request.mutable_partner()->set_currency("EUR");
  result = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::CreatePartner,
                request, "operator");
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(result.status.error_message(), HasSubstr("partner.earn_rate.points"));
}

TEST_F(BadInput, StatementPeriodsMustBeRealOrderedDates) {
  settlement::v1::GetStatementRequest request;
  request.set_period_start("2026-02-30");
  request.set_period_end("2026-03-01");
  auto result = Call(platform().settlement(),
                     &settlement::v1::SettlementService::Stub::GetStatement, request, "operator");
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(result.status.error_message(), HasSubstr("period_start"));

  request.set_period_start("2026-03-02");
  result = Call(platform().settlement(), &settlement::v1::SettlementService::Stub::GetStatement,
                request, "operator");
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(result.status.error_message(), HasSubstr("period_end"));
}

}  // namespace
}  // namespace coalition::testing
