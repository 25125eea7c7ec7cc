// A client that times out and retries while its first attempt is still running sends two copies
// of one request at once. Each test releases such twins together (same request_id, same content),
// round after round, each round with a member of its own so that rounds stand alone, and with
// the points set so that a second execution would be refused: the twins must still get one and
// the same answer, the records must show exactly one execution, and a later retry must get that
// answer again.
#include <algorithm>
#include <latch>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using account::v1::AccountService;
using account::v1::PostingType;
using earning::v1::EarningService;
using redemption::v1::RedemptionAdminService;
using redemption::v1::RedemptionService;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The second copy must reach the service while the first is between its look-up of an earlier
// answer and its commit; rounds make that likely without depending on timing.
constexpr int kRounds = 15;
// The second copy of a partial refund of a purchase reaches the ledger only after the refund's
// own checks, so it meets the first copy's posting in only a few rounds in a hundred: many more
// rounds (they are short).
constexpr int kPartialRefundRounds = 200;

// Calls `call` on two threads released at the same moment, as a first attempt and its retry.
template <typename Call>
auto Twins(const Call& call) {
  using Result = decltype(call());
  std::latch start(2);
  Result one;
  Result other;
  std::thread first([&] {
    start.arrive_and_wait();
    one = call();
  });
  std::thread second([&] {
    start.arrive_and_wait();
    other = call();
  });
  first.join();
  second.join();
  return std::pair{std::move(one), std::move(other)};
}

template <typename Response>
std::string Describe(const CallResult<Response>& result) {
  if (result.status.ok()) return absl::StrCat("OK {", result.response.ShortDebugString(), "}");
  return absl::StrCat(
      absl::StatusCodeToString(static_cast<absl::StatusCode>(result.status.error_code())), ": ",
      result.status.error_message());
}

// The same status, code and message, and byte for byte the same response: the promise of a
// request_id. No field may differ, times included: a retry answers what the first attempt did.
template <typename Response>
::testing::AssertionResult SameAnswer(const CallResult<Response>& one,
                                      const CallResult<Response>& other) {
  if (one.status.error_code() == other.status.error_code() &&
      one.status.error_message() == other.status.error_message() &&
      google::protobuf::util::MessageDifferencer::Equals(one.response, other.response)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "the answers differ\n  one:   " << Describe(one) << "\n  other: " << Describe(other);
}

// What the records must match: the copy that succeeded, if either did.
template <typename Response>
const CallResult<Response>& Answer(
    const std::pair<CallResult<Response>, CallResult<Response>>& twins) {
  return twins.first.status.ok() ? twins.first : twins.second;
}

class ConcurrentRetries : public CoalitionTest {
 protected:
  CallResult<redemption::v1::Hold> HoldUnder(const std::string& request_id,
                                             const std::string& member_id,
                                             const std::string& partner_id, int64_t points) {
    redemption::v1::HoldPointsRequest request;
    request.set_request_id(request_id);
    request.set_partner_id(partner_id);
    request.set_member_id(member_id);
    request.set_points(points);
    return Call(platform().redemption(), &RedemptionService::Stub::HoldPoints, request, partner_id);
  }

  CallResult<redemption::v1::Hold> GetHold(const std::string& hold_id) {
    redemption::v1::GetHoldRequest request;
    request.set_hold_id(hold_id);
    return Call(platform().redemption(), &RedemptionService::Stub::GetHold, request);
  }

  // Refunds all that is not refunded yet of a redemption.
  CallResult<redemption::v1::RedemptionRefund> RefundAllOf(const std::string& redemption_id,
                                                           const std::string& request_id) {
    redemption::v1::RefundRedemptionRequest request;
    request.set_request_id(request_id);
    request.set_redemption_id(redemption_id);
    request.set_reason("order returned");
    return Call(platform().redemption(), &RedemptionService::Stub::RefundRedemption, request);
  }

  CallResult<earning::v1::Purchase> Record(const earning::v1::RecordPurchaseRequest& request) {
    return Call(platform().earning(), &EarningService::Stub::RecordPurchase, request,
                request.partner_id());
  }

  CallResult<earning::v1::Refund> RefundPurchase(
      const earning::v1::RefundPurchaseRequest& request) {
    return Call(platform().earning(), &EarningService::Stub::RefundPurchase, request,
                request.partner_id());
  }

  CallResult<earning::v1::Purchase> GetPurchase(const std::string& purchase_id,
                                                const std::string& partner_id) {
    earning::v1::GetPurchaseRequest request;
    request.set_purchase_id(purchase_id);
    return Call(platform().earning(), &EarningService::Stub::GetPurchase, request, partner_id);
  }

  // A pre-paid partner whose block holds `block_points`: its accruals draw the block down and one
  // the block cannot cover is refused, as a member's spending is.
  std::string NewPrePaidPartner(int64_t block_points) {
    admin::v1::CreatePartnerRequest create;
    create.set_request_id(UniqueId("create-partner"));
    admin::v1::Partner& partner = *create.mutable_partner();
    partner.set_partner_id(UniqueId("p"));
    partner.set_display_name("Pre-paid cinema");
    partner.set_currency("EUR");
    partner.mutable_earn_rate()->set_points(1);
    partner.mutable_earn_rate()->set_per_amount_minor(100);
    partner.mutable_issuance_price()->set_amount_minor(1);
    partner.mutable_issuance_price()->set_per_points(1);
    partner.mutable_reimbursement_price()->set_amount_minor(8);
    partner.mutable_reimbursement_price()->set_per_points(10);
    partner.set_prepaid(true);
    auto created = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::CreatePartner,
                        create, "operator");
    EXPECT_TRUE(created.status.ok()) << created.status.error_message();
    admin::v1::BuyPointBlockRequest buy;
    buy.set_request_id(UniqueId("block"));
    buy.set_partner_id(created.response.partner_id());
    buy.set_points(block_points);
    auto bought = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::BuyPointBlock,
                       buy, "operator");
    EXPECT_TRUE(bought.status.ok()) << bought.status.error_message();
    return created.response.partner_id();
  }

  int64_t PrePaidPointsLeft(const std::string& partner_id) {
    admin::v1::GetPartnerRequest request;
    request.set_partner_id(partner_id);
    auto partner = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::GetPartner,
                        request, "operator");
    EXPECT_TRUE(partner.status.ok()) << partner.status.error_message();
    return partner.response.prepaid_points();
  }

  // The points each posting of `type` moved on the member's own account, newest first: one
  // execution of a request is one entry.
  std::vector<int64_t> HistoryOf(const std::string& member_id, PostingType type) {
    account::v1::ListTransactionsRequest request;
    request.set_member_id(member_id);
    request.set_page_size(500);
    auto history =
        Call(platform().accounts(), &account::v1::AccountService::Stub::ListTransactions, request);
    EXPECT_TRUE(history.status.ok()) << history.status.error_message();
    std::vector<int64_t> points;
    for (const account::v1::Transaction& transaction : history.response.transactions()) {
      if (transaction.type() == type) points.push_back(transaction.points());
    }
    return points;
  }

  // One round of twin purchases of `points` points at `partner`, for a new member.
  void ExpectTwinPurchasesCreditOnce(const std::string& partner, int64_t points) {
    const std::string member = NewMember();
    const earning::v1::RecordPurchaseRequest request =
        PurchaseRequest(member, partner, points * 100);
    const auto twins = Twins([&] { return Record(request); });
    EXPECT_TRUE(SameAnswer(twins.first, twins.second));
    const CallResult<earning::v1::Purchase>& answer = Answer(twins);
    EXPECT_TRUE(answer.status.ok()) << Describe(answer);
    EXPECT_EQ(answer.response.points_earned(), points);

    EXPECT_EQ(Balance(member).available_points(), points);
    EXPECT_THAT(HistoryOf(member, account::v1::EARN), ElementsAre(points));
    // The purchase the answer names is the one on record, as it was answered.
    EXPECT_TRUE(SameAnswer(answer, GetPurchase(answer.response.purchase_id(), partner)));
    EXPECT_TRUE(SameAnswer(answer, Record(request)));
  }

  // One round of twin refunds of `refund_minor` of a purchase of 10,000 (100 points), for a new
  // member who spent `spent_points` of those points before.
  void ExpectTwinRefundsReverseWhatTheyRecord(const std::string& partner, int64_t spent_points,
                                              int64_t refund_minor) {
    const std::string member = NewMember();
    const earning::v1::RecordPurchaseRequest purchase = PurchaseRequest(member, partner, 10'000);
    const CallResult<earning::v1::Purchase> recorded = Record(purchase);
    ASSERT_TRUE(recorded.status.ok()) << Describe(recorded);
    ASSERT_THAT(Redeem(member, partner, spent_points, UniqueId("redeem")).status, IsOk());
    const int64_t available_before = 100 - spent_points;
    const int64_t due = refund_minor / 100;
    // Spent points stay spent: the refund takes back what the member still has, at most what is
    // due.
    const int64_t reversal = std::min(available_before, due);

    earning::v1::RefundPurchaseRequest request;
    request.set_request_id(UniqueId("refund"));
    request.set_partner_id(partner);
    request.set_partner_transaction_id(purchase.partner_transaction_id());
    request.set_partner_refund_id(UniqueId("partner-refund"));
    request.set_amount_minor(refund_minor);
    const auto twins = Twins([&] { return RefundPurchase(request); });
    EXPECT_TRUE(SameAnswer(twins.first, twins.second));
    const CallResult<earning::v1::Refund>& answer = Answer(twins);
    EXPECT_TRUE(answer.status.ok()) << Describe(answer);
    EXPECT_EQ(answer.response.points_due(), due);
    EXPECT_EQ(answer.response.points_reversed(), reversal);

    // What the ledger took, what the refund answered and what earning recorded all agree.
    const int64_t taken = available_before - Balance(member).available_points();
    EXPECT_EQ(taken, answer.response.points_reversed());
    EXPECT_THAT(HistoryOf(member, account::v1::REVERSE), ElementsAre(-taken));
    auto refunded = GetPurchase(recorded.response.purchase_id(), partner);
    ASSERT_TRUE(refunded.status.ok()) << Describe(refunded);
    EXPECT_EQ(refunded.response.refunded_amount_minor(), refund_minor);
    EXPECT_EQ(refunded.response.points_reversed(), taken)
        << "earning's refund rows of the purchase";
    EXPECT_TRUE(SameAnswer(answer, RefundPurchase(request)));
  }
};

TEST_F(ConcurrentRetries, TwinRedemptionsOfAllPointsGetOneAnswerAndDebitOnce) {
  const std::string partner = NewPartner();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    const std::string member = NewMember();
    ASSERT_EQ(Earn(member, partner, 50'000), 500);
    const std::string request_id = UniqueId("redeem");
    // All 500: a second execution would find no points left.
    const auto twins = Twins([&] { return Redeem(member, partner, 500, request_id); });
    EXPECT_TRUE(SameAnswer(twins.first, twins.second));
    const CallResult<redemption::v1::Redemption>& answer = Answer(twins);
    EXPECT_TRUE(answer.status.ok()) << Describe(answer);
    EXPECT_EQ(answer.response.points(), 500);

    EXPECT_EQ(Balance(member).available_points(), 0);
    EXPECT_THAT(HistoryOf(member, account::v1::REDEEM), ElementsAre(-500));
    EXPECT_TRUE(SameAnswer(answer, Redeem(member, partner, 500, request_id)));
  }
}

// The services' own claims keep twins of a client's request from reaching the ledger together;
// the ledger's claim is for its other callers, and for a service whose claim lapsed. Twin
// postings spending all of a member's points: one posting, one answer. A refusal keeps nothing in
// the ledger (its keys name business objects, a partner transaction or a hold, which may post
// once the refusal's cause is gone); the services keep their clients' refusals.
TEST_F(ConcurrentRetries, TwinLedgerPostingsOfAllPointsGetOneAnswerAndPostOnce) {
  const std::string partner = NewPartner();
  const auto spend = [&](const std::string& member, const std::string& request_id) {
    account::v1::CreatePostingRequest request;
    request.set_request_id(request_id);
    request.set_type(account::v1::REDEEM);
    request.set_partner_id(partner);
    request.set_member_id(member);
    for (auto [kind, owner, points] : {std::tuple{account::v1::MEMBER, member, -500},
                                       std::tuple{account::v1::PARTNER_REDEEMED, partner, 500}}) {
      account::v1::Leg* leg = request.add_legs();
      leg->mutable_account()->set_kind(kind);
      leg->mutable_account()->set_owner_id(owner);
      leg->set_points(points);
    }
    return Call(platform().ledger(), &account::v1::LedgerService::Stub::CreatePosting, request,
                "redemption");
  };
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    const std::string member = NewMember();
    ASSERT_EQ(Earn(member, partner, 50'000), 500);
    const std::string request_id = UniqueId("posting");
    const auto twins = Twins([&] { return spend(member, request_id); });
    EXPECT_TRUE(SameAnswer(twins.first, twins.second));
    EXPECT_TRUE(Answer(twins).status.ok()) << Describe(Answer(twins));
    EXPECT_EQ(Balance(member).available_points(), 0);
    EXPECT_THAT(HistoryOf(member, account::v1::REDEEM), ElementsAre(-500));

    // Refused for want of points, then sent again once the member has them: posted, once.
    const std::string refused_id = UniqueId("posting");
    EXPECT_EQ(spend(member, refused_id).status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    ASSERT_EQ(Earn(member, partner, 50'000), 500);
    const auto posted = spend(member, refused_id);
    EXPECT_TRUE(posted.status.ok()) << Describe(posted);
    EXPECT_TRUE(SameAnswer(posted, spend(member, refused_id)));
    EXPECT_EQ(Balance(member).available_points(), 0);
  }
}

// Found by the fault harness: the account service's own mutations claim their key too.
TEST_F(ConcurrentRetries, TwinTransfersOfAllPointsGetOneAnswerAndMoveThemOnce) {
  const std::string partner = NewPartner();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    const std::string sender = NewMember();
    const std::string recipient = NewMember();
    ASSERT_EQ(Earn(sender, partner, 20'000), 200);
    account::v1::TransferPointsRequest request;
    request.set_request_id(UniqueId("transfer"));
    request.set_from_member_id(sender);
    request.set_to_member_id(recipient);
    request.set_points(200);  // all of them: a second execution would find none left
    const auto send = [&] {
      return Call(platform().accounts(), &AccountService::Stub::TransferPoints, request);
    };
    const auto twins = Twins(send);
    EXPECT_TRUE(SameAnswer(twins.first, twins.second));
    EXPECT_TRUE(Answer(twins).status.ok()) << Describe(Answer(twins));
    EXPECT_EQ(Balance(sender).available_points(), 0);
    EXPECT_EQ(Balance(recipient).available_points(), 200);
    EXPECT_TRUE(SameAnswer(Answer(twins), send()));
  }
}

// A member's state changes claim their key too: the second copy of a close must not find the
// member closed by the first and refuse.
TEST_F(ConcurrentRetries, TwinClosesOfAMemberGetOneAnswerAndForfeitOnce) {
  const std::string partner = NewPartner();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    const std::string member = NewMember();
    ASSERT_EQ(Earn(member, partner, 20'000), 200);
    account::v1::CloseMemberRequest request;
    request.set_request_id(UniqueId("close"));
    request.set_member_id(member);
    request.set_reason("asked to leave");
    const auto close = [&] {
      return Call(platform().account_admin(), &account::v1::AccountAdminService::Stub::CloseMember,
                  request, "operator");
    };
    const auto twins = Twins(close);
    EXPECT_TRUE(SameAnswer(twins.first, twins.second));
    EXPECT_TRUE(Answer(twins).status.ok()) << Describe(Answer(twins));
    EXPECT_THAT(HistoryOf(member, account::v1::FORFEIT), ElementsAre(-200));
    EXPECT_TRUE(SameAnswer(Answer(twins), close()));
  }
}

TEST_F(ConcurrentRetries, TwinHoldsOfAllPointsGetOneAnswerAndHoldOnce) {
  const std::string partner = NewPartner();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    const std::string member = NewMember();
    ASSERT_EQ(Earn(member, partner, 50'000), 500);
    const std::string request_id = UniqueId("hold");
    // All 500: a second execution would find no points left.
    const auto twins = Twins([&] { return HoldUnder(request_id, member, partner, 500); });
    EXPECT_TRUE(SameAnswer(twins.first, twins.second));
    const CallResult<redemption::v1::Hold>& answer = Answer(twins);
    EXPECT_TRUE(answer.status.ok()) << Describe(answer);
    EXPECT_EQ(answer.response.points(), 500);

    const account::v1::Balance balance = Balance(member);
    EXPECT_EQ(balance.available_points(), 0);
    EXPECT_EQ(balance.held_points(), 500);
    EXPECT_THAT(HistoryOf(member, account::v1::HOLD), ElementsAre(-500));
    EXPECT_EQ(GetHold(answer.response.hold_id()).response.state(), redemption::v1::Hold::HELD);
    EXPECT_TRUE(SameAnswer(answer, HoldUnder(request_id, member, partner, 500)));
  }
}

TEST_F(ConcurrentRetries, TwinCapturesOfOneHoldGetOneAnswerAndCaptureOnce) {
  const std::string partner = NewPartner();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    const std::string member = NewMember();
    ASSERT_EQ(Earn(member, partner, 50'000), 500);
    auto hold = Hold(member, partner, 500);
    ASSERT_TRUE(hold.status.ok()) << Describe(hold);
    const std::string& hold_id = hold.response.hold_id();
    const std::string request_id = UniqueId("capture");
    // A capture empties the hold's account (the 200 not captured go back to the member), so a
    // second execution would find nothing held.
    const auto twins = Twins([&] { return Capture(hold_id, 300, request_id); });
    EXPECT_TRUE(SameAnswer(twins.first, twins.second));
    const CallResult<redemption::v1::Hold>& answer = Answer(twins);
    EXPECT_TRUE(answer.status.ok()) << Describe(answer);
    EXPECT_EQ(answer.response.state(), redemption::v1::Hold::CAPTURED);
    EXPECT_EQ(answer.response.captured_points(), 300);

    const account::v1::Balance balance = Balance(member);
    EXPECT_EQ(balance.available_points(), 200);
    EXPECT_EQ(balance.held_points(), 0);
    EXPECT_THAT(HistoryOf(member, account::v1::CAPTURE), ElementsAre(200));
    const auto stored = GetHold(hold_id);
    EXPECT_EQ(stored.response.state(), redemption::v1::Hold::CAPTURED);
    EXPECT_EQ(stored.response.captured_points(), 300);
    EXPECT_TRUE(SameAnswer(answer, Capture(hold_id, 300, request_id)));
  }
}

TEST_F(ConcurrentRetries, TwinVoidsOfOneHoldGetOneAnswerAndReturnThePointsOnce) {
  const std::string partner = NewPartner();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    const std::string member = NewMember();
    ASSERT_EQ(Earn(member, partner, 50'000), 500);
    auto hold = Hold(member, partner, 500);
    ASSERT_TRUE(hold.status.ok()) << Describe(hold);
    const std::string& hold_id = hold.response.hold_id();
    const std::string request_id = UniqueId("void");
    // A void empties the hold's account: a second execution would find nothing held.
    const auto twins = Twins([&] { return Void(hold_id, request_id); });
    EXPECT_TRUE(SameAnswer(twins.first, twins.second));
    const CallResult<redemption::v1::Hold>& answer = Answer(twins);
    EXPECT_TRUE(answer.status.ok()) << Describe(answer);
    EXPECT_EQ(answer.response.state(), redemption::v1::Hold::VOIDED);

    const account::v1::Balance balance = Balance(member);
    EXPECT_EQ(balance.available_points(), 500);
    EXPECT_EQ(balance.held_points(), 0);
    EXPECT_THAT(HistoryOf(member, account::v1::VOID), ElementsAre(500));
    EXPECT_EQ(GetHold(hold_id).response.state(), redemption::v1::Hold::VOIDED);
    EXPECT_TRUE(SameAnswer(answer, Void(hold_id, request_id)));
  }
}

TEST_F(ConcurrentRetries, TwinRefundsOfAWholeRedemptionGetOneAnswerAndRefundOnce) {
  const std::string partner = NewPartner();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    const std::string member = NewMember();
    ASSERT_EQ(Earn(member, partner, 100'000), 1'000);
    auto redeemed = Redeem(member, partner, 400, UniqueId("redeem"));
    ASSERT_TRUE(redeemed.status.ok()) << Describe(redeemed);
    const std::string& redemption_id = redeemed.response.redemption_id();
    const std::string request_id = UniqueId("refund");
    // Everything: a second execution would find nothing left to refund.
    const auto twins = Twins([&] { return RefundAllOf(redemption_id, request_id); });
    EXPECT_TRUE(SameAnswer(twins.first, twins.second));
    const CallResult<redemption::v1::RedemptionRefund>& answer = Answer(twins);
    EXPECT_TRUE(answer.status.ok()) << Describe(answer);
    EXPECT_EQ(answer.response.points(), 400);
    EXPECT_EQ(answer.response.refunded_points(), 400);

    EXPECT_EQ(Balance(member).available_points(), 1'000);
    EXPECT_THAT(HistoryOf(member, account::v1::REFUND), ElementsAre(400));
    EXPECT_EQ(RefundAllOf(redemption_id, UniqueId("refund")).status.error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);  // all 400 are refunded, once
    EXPECT_TRUE(SameAnswer(answer, RefundAllOf(redemption_id, request_id)));
  }
}

TEST_F(ConcurrentRetries, TwinRefundsOfAWholePartlySpentPurchaseReverseWhatTheRefundRecords) {
  const std::string partner = NewPartner();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    // 60 of the 100 points are spent: the reversal is clamped to the 40 left. A second execution
    // would find nothing of the purchase left to refund.
    ExpectTwinRefundsReverseWhatTheyRecord(partner, /*spent_points=*/60, /*refund_minor=*/10'000);
  }
}

TEST_F(ConcurrentRetries, TwinRefundsOfHalfAPartlySpentPurchaseReverseWhatTheRefundRecords) {
  const std::string partner = NewPartner();
  for (int round = 0; round < kPartialRefundRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    // Half the purchase is left to refund after this one, so a second copy gets past the refund's
    // own checks; 70 of the 100 points are spent, so the 50 due are clamped to the 30 left and a
    // second execution would find no points to take back.
    ExpectTwinRefundsReverseWhatTheyRecord(partner, /*spent_points=*/70, /*refund_minor=*/5'000);
  }
}

TEST_F(ConcurrentRetries, TwinRefundsOfHalfAPurchaseTheMemberCannotRepayTwiceReverseOnce) {
  const std::string partner = NewPartner();
  for (int round = 0; round < kPartialRefundRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    // 70 points left: all 50 due go back, and a second execution would find only 20.
    ExpectTwinRefundsReverseWhatTheyRecord(partner, /*spent_points=*/30, /*refund_minor=*/5'000);
  }
}

TEST_F(ConcurrentRetries, TwinPurchasesGetOneAnswerAndCreditOnce) {
  const std::string partner = NewPartner();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    ExpectTwinPurchasesCreditOnce(partner, 50);
  }
}

TEST_F(ConcurrentRetries, TwinPurchasesAtAPrePaidPartnerGetOneAnswerAndDrawItsBlockOnce) {
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    // The block covers exactly one accrual: a second execution would find it empty.
    const std::string partner = NewPrePaidPartner(50);
    ExpectTwinPurchasesCreditOnce(partner, 50);
    EXPECT_EQ(PrePaidPointsLeft(partner), 0);
  }
}

// The spend controls count each spending once, in a row both copies of a request share. The limits
// are the coalition's, not a member's: each test lifts them again when it ends.
class ConcurrentRetriesUnderLimits : public ConcurrentRetries {
 protected:
  void TearDown() override { ASSERT_THAT(platform().LiftBurnLimits(), IsOk()); }

  void SetDailyLimit(int64_t daily_points) {
    redemption::v1::SetBurnLimitsRequest request;
    request.set_request_id(UniqueId("limits"));
    request.mutable_limits()->set_daily_points(daily_points);
    auto set = Call(platform().redemption_admin(), &RedemptionAdminService::Stub::SetBurnLimits,
                    request, "operator");
    ASSERT_TRUE(set.status.ok()) << set.status.error_message();
  }

  // White box: the points the redemption service's spend controls count for one spending (a
  // redemption or a hold), 0 if they have no row for it.
  int64_t PointsCountedFor(const std::string& spending_id) {
    auto db = ServiceDb("redemption");
    EXPECT_TRUE(db.ok()) << db.status();
    if (!db.ok()) return -1;
    auto rows = db->Query(
        "SELECT COALESCE(SUM(points), 0) AS points FROM member_spending WHERE spending_id = ?",
        {spending_id});
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? rows->at(0).Int(0) : -1;
  }

  // After 600 of the day's 1,000 are spent: 401 more are refused, 400 are not.
  void ExpectFourHundredLeftToday(const std::string& member, const std::string& partner) {
    ASSERT_EQ(Earn(member, partner, 100'000), 1'000);  // points are not what limits her
    auto over = Redeem(member, partner, 401, UniqueId("redeem"));
    EXPECT_EQ(over.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << Describe(over);
    EXPECT_THAT(over.status.error_message(), HasSubstr("400 left today"));
    EXPECT_THAT(Redeem(member, partner, 400, UniqueId("redeem")).status, IsOk());
  }
};

TEST_F(ConcurrentRetriesUnderLimits, TwinRedemptionsOfAllPointsCountTowardsTheDailyLimit) {
  SetDailyLimit(1'000);
  const std::string partner = NewPartner();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    const std::string member = NewMember();
    ASSERT_EQ(Earn(member, partner, 60'000), 600);
    const std::string request_id = UniqueId("redeem");
    // All 600: a second execution is refused for want of points, and a refusal makes the service
    // forget the spending. (Whether the copies agree is the other tests' business.)
    const auto twins = Twins([&] { return Redeem(member, partner, 600, request_id); });
    const CallResult<redemption::v1::Redemption>& answer = Answer(twins);
    ASSERT_TRUE(answer.status.ok()) << Describe(answer);
    EXPECT_EQ(PointsCountedFor(answer.response.redemption_id()), 600);
    ExpectFourHundredLeftToday(member, partner);
  }
}

TEST_F(ConcurrentRetriesUnderLimits, TwinHoldsOfAllPointsCountTowardsTheDailyLimit) {
  SetDailyLimit(1'000);
  const std::string partner = NewPartner();
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    const std::string member = NewMember();
    ASSERT_EQ(Earn(member, partner, 60'000), 600);
    const std::string request_id = UniqueId("hold");
    // All 600, as for redemptions above.
    const auto twins = Twins([&] { return HoldUnder(request_id, member, partner, 600); });
    const CallResult<redemption::v1::Hold>& answer = Answer(twins);
    ASSERT_TRUE(answer.status.ok()) << Describe(answer);
    EXPECT_EQ(PointsCountedFor(answer.response.hold_id()), 600);  // held counts until voided
    ExpectFourHundredLeftToday(member, partner);
  }
}

}  // namespace
}  // namespace coalition::testing
