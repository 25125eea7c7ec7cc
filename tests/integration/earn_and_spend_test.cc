// Earn here, spend there, through the real binaries.
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using account::v1::AccountService;
using ::testing::HasSubstr;

class EarnAndSpend : public CoalitionTest {};

TEST_F(EarnAndSpend, EnrollEarnRedeemLeavesTheRightBalanceAndHistory) {
  const std::string car_rental = NewPartner({.earn_points = 2});
  const std::string hotel = NewPartner();
  const std::string member = NewMember();

  EXPECT_EQ(Earn(member, car_rental, 25'000), 500);  // EUR 250.00 at 2 points per EUR
  auto redeemed = Redeem(member, hotel, 400, UniqueId("redeem"));
  ASSERT_TRUE(redeemed.status.ok()) << redeemed.status.error_message();

  EXPECT_EQ(Balance(member).available_points(), 100);
  EXPECT_EQ(Balance(member).held_points(), 0);
  account::v1::ListTransactionsRequest request;
  request.set_member_id(member);
  auto history = Call(platform().accounts(), &AccountService::Stub::ListTransactions, request);
  ASSERT_THAT(history.status, IsOk());
  ASSERT_EQ(history.response.transactions_size(), 2);
  EXPECT_EQ(history.response.transactions(0).type(), account::v1::REDEEM);  // newest first
  EXPECT_EQ(history.response.transactions(0).points(), -400);
  EXPECT_EQ(history.response.transactions(0).partner_id(), hotel);
  EXPECT_EQ(history.response.transactions(1).type(), account::v1::EARN);
  EXPECT_EQ(history.response.transactions(1).points(), 500);
}

TEST_F(EarnAndSpend, EarnedPointsRoundDown) {
  const std::string partner = NewPartner({.earn_points = 1, .earn_per_amount_minor = 100});
  const std::string member = NewMember();
  EXPECT_EQ(Earn(member, partner, 199), 1);  // EUR 1.99 earns 1 point, not 2
  EXPECT_EQ(Earn(member, partner, 99), 0);   // recorded, but earns nothing
  EXPECT_EQ(Balance(member).available_points(), 1);
  EXPECT_EQ(HistoryLength(member), 1);  // a zero-point purchase posts nothing
}

TEST_F(EarnAndSpend, PartialCaptureSpendsPartAndReturnsTheRest) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 100'000);  // 1000 points
  auto hold = Hold(member, partner, 300);
  ASSERT_TRUE(hold.status.ok()) << hold.status.error_message();
  EXPECT_EQ(Balance(member).available_points(), 700);
  EXPECT_EQ(Balance(member).held_points(), 300);

  auto captured = Capture(hold.response.hold_id(), 250, UniqueId("capture"));
  ASSERT_TRUE(captured.status.ok()) << captured.status.error_message();
  EXPECT_EQ(captured.response.state(), redemption::v1::Hold::CAPTURED);
  EXPECT_EQ(captured.response.captured_points(), 250);
  EXPECT_EQ(Balance(member).available_points(), 750);
  EXPECT_EQ(Balance(member).held_points(), 0);
}

TEST_F(EarnAndSpend, VoidReturnsEveryHeldPoint) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);  // 100 points
  auto hold = Hold(member, partner, 100);
  ASSERT_THAT(hold.status, IsOk());
  EXPECT_EQ(Balance(member).available_points(), 0);

  auto voided = Void(hold.response.hold_id(), UniqueId("void"));
  ASSERT_TRUE(voided.status.ok()) << voided.status.error_message();
  EXPECT_EQ(voided.response.state(), redemption::v1::Hold::VOIDED);
  EXPECT_EQ(Balance(member).available_points(), 100);
  EXPECT_EQ(Balance(member).held_points(), 0);
}

TEST_F(EarnAndSpend, AClosedHoldCannotBeClosedAgain) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);
  auto hold = Hold(member, partner, 50);
  ASSERT_THAT(hold.status, IsOk());
  ASSERT_THAT(Capture(hold.response.hold_id(), 0, UniqueId("capture")).status, IsOk());

  auto voided = Void(hold.response.hold_id(), UniqueId("void"));
  EXPECT_EQ(voided.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(voided.status.error_message(), HasSubstr("already CAPTURED"));
  auto recaptured = Capture(hold.response.hold_id(), 0, UniqueId("capture"));
  EXPECT_EQ(recaptured.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Balance(member).available_points(), 50);
}

TEST_F(EarnAndSpend, EveryPostingBalancesAndSequencesOnlyIncrease) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 50'000);
  ASSERT_THAT(Redeem(member, partner, 20, UniqueId("redeem")).status, IsOk());
  auto hold = Hold(member, partner, 30);
  ASSERT_THAT(Capture(hold.response.hold_id(), 10, UniqueId("capture")).status, IsOk());

  int64_t previous = 0;
  int64_t member_total = 0;
  std::map<int, int64_t> total_by_kind;
  for (int64_t after = 0;;) {
    account::v1::ListPostingsRequest request;
    request.set_after_sequence(after);
    request.set_page_size(7);  // several pages
    auto page = Call(platform().ledger(), &account::v1::LedgerService::Stub::ListPostings, request);
    ASSERT_TRUE(page.status.ok()) << page.status.error_message();
    if (page.response.postings().empty()) break;
    for (const account::v1::Posting& posting : page.response.postings()) {
      EXPECT_GT(posting.sequence(), previous);
      previous = posting.sequence();
      int64_t sum = 0;
      for (const account::v1::Leg& leg : posting.legs()) {
        sum += leg.points();
        total_by_kind[leg.account().kind()] += leg.points();
        if (leg.account().kind() == account::v1::MEMBER && leg.account().owner_id() == member) {
          member_total += leg.points();
        }
      }
      EXPECT_EQ(sum, 0) << "posting " << posting.sequence() << " does not balance";
    }
    after = page.response.next_after_sequence();
  }
  int64_t everything = 0;
  for (const auto& [kind, total] : total_by_kind) everything += total;
  EXPECT_EQ(everything, 0);
  EXPECT_EQ(member_total, Balance(member).available_points());
  EXPECT_EQ(member_total, 500 - 20 - 30 + 20);
}

TEST_F(EarnAndSpend, HistoryPagesNewestFirstWithoutGapsOrRepeats) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  for (int i = 0; i < 5; ++i) Earn(member, partner, 100 * (i + 1));

  std::vector<int64_t> points;
  std::string token;
  do {
    account::v1::ListTransactionsRequest request;
    request.set_member_id(member);
    request.set_page_size(2);
    request.set_page_token(token);
    auto page = Call(platform().accounts(), &AccountService::Stub::ListTransactions, request);
    ASSERT_TRUE(page.status.ok()) << page.status.error_message();
    for (const auto& transaction : page.response.transactions())
      points.push_back(transaction.points());
    token = page.response.next_page_token();
  } while (!token.empty());
  EXPECT_EQ(points, (std::vector<int64_t>{5, 4, 3, 2, 1}));
}

TEST_F(EarnAndSpend, BalancesSurviveAnAccountServiceRestart) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 12'300);
  ASSERT_THAT(platform().RestartAccount(), IsOk());  // migrations re-run as a no-op
  EXPECT_EQ(Balance(member).available_points(), 123);
  EXPECT_EQ(Earn(member, partner, 100), 1);  // and it still takes postings
}

}  // namespace
}  // namespace coalition::testing
