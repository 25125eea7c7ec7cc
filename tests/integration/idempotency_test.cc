// A retried request returns the first answer and changes nothing; the same request id with other
// content is refused.
#include <algorithm>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using ::testing::HasSubstr;

class Idempotency : public CoalitionTest {
 protected:
  CallResult<earning::v1::Purchase> Record(const earning::v1::RecordPurchaseRequest& request) {
    return Call(platform().earning(), &earning::v1::EarningService::Stub::RecordPurchase, request,
                request.partner_id());
  }
};

TEST_F(Idempotency, RetriedPurchaseReturnsTheFirstAndCreditsOnce) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  const auto request = PurchaseRequest(member, partner, 5'000);
  auto first = Record(request);
  auto retry = Record(request);
  ASSERT_TRUE(first.status.ok() && retry.status.ok()) << retry.status.error_message();
  EXPECT_EQ(retry.response.purchase_id(), first.response.purchase_id());
  EXPECT_EQ(retry.response.posting_sequence(), first.response.posting_sequence());
  EXPECT_EQ(Balance(member).available_points(), 50);
  EXPECT_EQ(HistoryLength(member), 1);
}

TEST_F(Idempotency, APartnerTransactionIsCreditedOnceEvenUnderAnotherRequestId) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  auto request = PurchaseRequest(member, partner, 5'000);
  ASSERT_THAT(Record(request).status, IsOk());
  request.set_request_id(UniqueId("another"));
  auto again = Record(request);
  EXPECT_EQ(again.status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(again.status.error_message(), HasSubstr("partner_transaction_id"));
  EXPECT_EQ(Balance(member).available_points(), 50);
}

TEST_F(Idempotency, SameRequestIdWithOtherContentIsRefusedAndChangesNothing) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  auto request = PurchaseRequest(member, partner, 5'000);
  ASSERT_THAT(Record(request).status, IsOk());
  const int64_t sequence = LastLedgerSequence();

  request.set_amount_minor(9'000);
  auto purchase = Record(request);
  EXPECT_EQ(purchase.status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(purchase.status.error_message(), HasSubstr("request_id"));

  const std::string redeem_id = UniqueId("redeem");
  ASSERT_THAT(Redeem(member, partner, 10, redeem_id).status, IsOk());
  auto redeem = Redeem(member, partner, 11, redeem_id);
  EXPECT_EQ(redeem.status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(redeem.status.error_message(), HasSubstr("request_id"));

  EXPECT_EQ(Balance(member).available_points(), 40);
  EXPECT_EQ(LastLedgerSequence(), sequence + 1);  // only the first redemption posted
}

TEST_F(Idempotency, RetriedRedeemHoldAndCaptureReturnTheFirstAnswer) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 100'000);  // 1000 points

  const std::string redeem_id = UniqueId("redeem");
  auto first = Redeem(member, partner, 100, redeem_id);
  auto retry = Redeem(member, partner, 100, redeem_id);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(retry, IsOk());
  EXPECT_EQ(retry.response.redemption_id(), first.response.redemption_id());
  EXPECT_EQ(retry.response.posting_sequence(), first.response.posting_sequence());

  redemption::v1::HoldPointsRequest hold_request;
  hold_request.set_request_id(UniqueId("hold"));
  hold_request.set_partner_id(partner);
  hold_request.set_member_id(member);
  hold_request.set_points(200);
  auto hold = Call(platform().redemption(), &redemption::v1::RedemptionService::Stub::HoldPoints,
                   hold_request, partner);
  auto hold_retry =
      Call(platform().redemption(), &redemption::v1::RedemptionService::Stub::HoldPoints,
           hold_request, partner);
  ASSERT_THAT(hold, IsOk());
  ASSERT_THAT(hold_retry, IsOk());
  EXPECT_EQ(hold_retry.response.hold_id(), hold.response.hold_id());

  const std::string capture_id = UniqueId("capture");
  auto capture = Capture(hold.response.hold_id(), 150, capture_id);
  auto capture_retry = Capture(hold.response.hold_id(), 150, capture_id);
  ASSERT_THAT(capture, IsOk());
  ASSERT_THAT(capture_retry, IsOk());
  EXPECT_EQ(capture_retry.response.state(), redemption::v1::Hold::CAPTURED);
  EXPECT_EQ(capture_retry.response.captured_points(), 150);

  EXPECT_EQ(Balance(member).available_points(), 1000 - 100 - 150);
  EXPECT_EQ(HistoryLength(member), 4);  // earn, redeem, hold, capture
}

TEST_F(Idempotency, RetriedEnrollAndCreatePartnerReturnTheFirst) {
  account::v1::EnrollMemberRequest enroll;
  enroll.set_request_id(UniqueId("enroll"));
  enroll.set_display_name("Grace Hopper");
  auto first =
      Call(platform().accounts(), &account::v1::AccountService::Stub::EnrollMember, enroll);
  auto retry =
      Call(platform().accounts(), &account::v1::AccountService::Stub::EnrollMember, enroll);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(retry, IsOk());
  EXPECT_EQ(retry.response.member_id(), first.response.member_id());
  enroll.set_display_name("Someone Else");
  EXPECT_EQ(Call(platform().accounts(), &account::v1::AccountService::Stub::EnrollMember, enroll)
                .status.error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  admin::v1::CreatePartnerRequest create;
  create.set_request_id(UniqueId("partner"));
  admin::v1::Partner& partner = *create.mutable_partner();
  partner.set_partner_id(UniqueId("p"));
  partner.set_display_name("Cinema");
  partner.set_currency("EUR");
  partner.mutable_earn_rate()->set_points(1);
  partner.mutable_earn_rate()->set_per_amount_minor(100);
  partner.mutable_issuance_price()->set_amount_minor(1);
  partner.mutable_issuance_price()->set_per_points(1);
  partner.mutable_reimbursement_price()->set_amount_minor(1);
  partner.mutable_reimbursement_price()->set_per_points(1);
  auto made = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::CreatePartner,
                   create, "operator");
  auto remade = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::CreatePartner,
                     create, "operator");
  ASSERT_TRUE(made.status.ok() && remade.status.ok()) << remade.status.error_message();
  EXPECT_EQ(remade.response.create_time().seconds(), made.response.create_time().seconds());
  create.set_request_id(UniqueId("partner"));  // a new request for a taken id
  auto taken = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::CreatePartner,
                    create, "operator");
  EXPECT_EQ(taken.status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(taken.status.error_message(), HasSubstr("partner.partner_id"));
}

TEST_F(Idempotency, OneRequestIdRacingWithDifferentPurchasesCreditsOnlyOne) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  const std::string request_id = UniqueId("purchase");
  std::vector<grpc::StatusCode> codes(16);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < codes.size(); ++i) {
    threads.emplace_back([&, i] {
      auto request = PurchaseRequest(member, partner, 1'000);  // 10 points each
      request.set_request_id(request_id);                      // same key, other transaction
      codes[i] = Record(request).status.error_code();
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(std::count(codes.begin(), codes.end(), grpc::StatusCode::OK), 1);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), grpc::StatusCode::ALREADY_EXISTS), 15);
  EXPECT_EQ(Balance(member).available_points(), 10);
  EXPECT_EQ(HistoryLength(member), 1);
}

TEST_F(Idempotency, ConcurrentRetriesOfOneRedemptionDebitOnce) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 100'000);
  const std::string redeem_id = UniqueId("redeem");
  std::vector<std::string> redemption_ids(16);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < redemption_ids.size(); ++i) {
    threads.emplace_back([&, i] {
      auto result = Redeem(member, partner, 70, redeem_id);
      redemption_ids[i] =
          result.status.ok() ? result.response.redemption_id() : result.status.error_message();
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& id : redemption_ids) EXPECT_EQ(id, redemption_ids.front());
  EXPECT_EQ(Balance(member).available_points(), 1000 - 70);
  EXPECT_EQ(HistoryLength(member), 2);
}

}  // namespace
}  // namespace coalition::testing
