// Refunds of spent points and what the redeeming partner is owed, through the real binaries:
// points at a partner that did not issue them are held, partly captured and refunded in parts,
// never more than was captured, however the refunds race.
#include <atomic>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using redemption::v1::RedemptionService;
using ::testing::HasSubstr;

class RedemptionRefunds : public CoalitionTest {
 protected:
  CallResult<redemption::v1::RedemptionRefund> RefundHold(const std::string& hold_id,
                                                          int64_t points,
                                                          const std::string& request_id) {
    redemption::v1::RefundRedemptionRequest request;
    request.set_request_id(request_id);
    request.set_hold_id(hold_id);
    request.set_points(points);
    request.set_reason("stay cancelled");
    return Call(platform().redemption(), &RedemptionService::Stub::RefundRedemption, request);
  }
  CallResult<redemption::v1::RedemptionRefund> RefundRedemption(const std::string& redemption_id,
                                                                int64_t points) {
    redemption::v1::RefundRedemptionRequest request;
    request.set_request_id(UniqueId("refund"));
    request.set_redemption_id(redemption_id);
    request.set_points(points);
    request.set_reason("order returned");
    return Call(platform().redemption(), &RedemptionService::Stub::RefundRedemption, request);
  }
};

TEST_F(RedemptionRefunds, ACapturedHoldIsRefundedInPartsNeverBeyondWhatWasCaptured) {
  const std::string car = NewPartner();
  const std::string hotel = NewPartner();  // reimbursed 8 minor units per 10 points
  const std::string member = NewMember();
  ASSERT_EQ(Earn(member, car, 100'000), 1'000);
  auto hold = Hold(member, hotel, 600);
  ASSERT_THAT(hold.status, IsOk());
  auto captured = Capture(hold.response.hold_id(), 500, UniqueId("capture"));
  ASSERT_TRUE(captured.status.ok()) << captured.status.error_message();
  EXPECT_EQ(captured.response.reimbursement().amount_minor(), 400);
  EXPECT_EQ(captured.response.reimbursement().currency(), "EUR");
  EXPECT_EQ(Balance(member).available_points(), 500);  // the 100 not captured came back

  const std::string first_id = UniqueId("refund");
  auto first = RefundHold(hold.response.hold_id(), 200, first_id);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  EXPECT_EQ(first.response.points(), 200);
  EXPECT_EQ(first.response.refunded_points(), 200);
  EXPECT_EQ(first.response.reimbursement_minor(), -160);
  EXPECT_EQ(Balance(member).available_points(), 700);
  auto retry = RefundHold(hold.response.hold_id(), 200, first_id);
  ASSERT_THAT(retry.status, IsOk());
  EXPECT_EQ(retry.response.refund_id(), first.response.refund_id());
  EXPECT_EQ(retry.response.posting_sequence(), first.response.posting_sequence());
  EXPECT_EQ(Balance(member).available_points(), 700);

  const int64_t sequence = LastLedgerSequence();
  auto too_much = RefundHold(hold.response.hold_id(), 301, UniqueId("refund"));
  EXPECT_EQ(too_much.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(too_much.status.error_message(), HasSubstr("300"));
  EXPECT_EQ(LastLedgerSequence(), sequence);

  auto rest = RefundHold(hold.response.hold_id(), 0, UniqueId("refund"));
  ASSERT_TRUE(rest.status.ok()) << rest.status.error_message();
  EXPECT_EQ(rest.response.points(), 300);
  EXPECT_EQ(rest.response.refunded_points(), 500);
  EXPECT_EQ(rest.response.reimbursement_minor(), -240);  // the refunds give back exactly 400
  EXPECT_EQ(Balance(member).available_points(), 1'000);
  EXPECT_EQ(RefundHold(hold.response.hold_id(), 0, UniqueId("refund")).status.error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Summary(member, 1).recent_transactions(0).type(), account::v1::REFUND);
  const Books books = ReadBooks();
  EXPECT_EQ(books.accounts_whose_lots_differ, 0);
  EXPECT_EQ(books.unbalanced_postings, 0);
}

TEST_F(RedemptionRefunds, ConcurrentRefundsNeverReturnMoreThanWasSpent) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 100'000);
  auto redeemed = Redeem(member, partner, 100, UniqueId("redeem"));
  ASSERT_THAT(redeemed.status, IsOk());
  EXPECT_EQ(redeemed.response.reimbursement().amount_minor(), 80);

  std::atomic<int> refunded{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 16; ++i) {
    clients.emplace_back([&] {
      auto refund = RefundRedemption(redeemed.response.redemption_id(), 10);
      if (refund.status.ok()) ++refunded;
      if (refund.status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) ++refused;
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(refunded.load(), 10);
  EXPECT_EQ(refused.load(), 6);
  EXPECT_EQ(Balance(member).available_points(), 1'000);
}

TEST_F(RedemptionRefunds, WhatCannotBeRefundedIsRefusedPrecisely) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 100'000);
  auto hold = Hold(member, partner, 100);
  ASSERT_THAT(hold.status, IsOk());
  const int64_t sequence = LastLedgerSequence();
  EXPECT_EQ(RefundHold(hold.response.hold_id(), 0, UniqueId("refund")).status.error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // held, not captured
  EXPECT_EQ(RefundHold("hld_nothing", 0, UniqueId("refund")).status.error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(RefundRedemption("rdm_nothing", 0).status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(RefundRedemption("rdm_nothing", -5).status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  redemption::v1::RefundRedemptionRequest no_spending;
  no_spending.set_request_id(UniqueId("refund"));
  no_spending.set_reason("x");
  auto missing =
      Call(platform().redemption(), &RedemptionService::Stub::RefundRedemption, no_spending);
  EXPECT_EQ(missing.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(missing.status.error_message(), HasSubstr("redemption_id"));
  EXPECT_EQ(LastLedgerSequence(), sequence);
}

}  // namespace
}  // namespace coalition::testing
