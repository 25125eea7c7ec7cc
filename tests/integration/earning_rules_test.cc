// Partners' earn rules through the real binaries: versions by purchase time, a promotion window
// on and off by the earning service's sandbox clock, the tier bonus from the ladder, the
// breakdown a support agent reads, and the first-purchase bonus paid once under concurrency.
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/proto_time.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using earning::v1::EarnBreakdown;
using earning::v1::EarningService;
using earning::v1::EarnRules;
using earning::v1::EarnRulesAdminService;
using Line = earning::v1::EarnBreakdown::Line;

class EarningRules : public CoalitionTest {
 protected:
  static void SetUpTestSuite() {
    account::v1::SetTierLadderRequest ladder;
    ladder.set_request_id("earning-rules-ladder");
    ladder.set_window_months(12);
    for (auto [id, points, multiplier] :
         {std::tuple{"blue", 0, 10'000}, std::tuple{"gold", 1'000, 15'000}}) {
      account::v1::TierLevel* level = ladder.add_levels();
      level->set_tier_id(id);
      level->set_display_name(id);
      level->set_qualifying_points(points);
      level->set_earn_multiplier_bp(multiplier);
    }
    ASSERT_TRUE(Call(SharedPlatform().account_admin(),
                     &account::v1::AccountAdminService::Stub::SetTierLadder, ladder, "operator")
                    .status.ok());
  }

  // 1 point per 1.00, from now.
  EarnRules OnePerEuro(const std::string& partner) {
    EarnRules rules;
    rules.set_partner_id(partner);
    rules.mutable_base_rate()->set_points(1);
    rules.mutable_base_rate()->set_per_amount_minor(100);
    return rules;
  }

  CallResult<EarnRules> Publish(const EarnRules& rules, const std::string& request_id = "") {
    earning::v1::PublishEarnRulesRequest request;
    request.set_request_id(request_id.empty() ? UniqueId("publish") : request_id);
    *request.mutable_rules() = rules;
    return Call(platform().earn_rules(), &EarnRulesAdminService::Stub::PublishEarnRules, request,
                "operator");
  }

  CallResult<earning::v1::Purchase> Record(earning::v1::RecordPurchaseRequest request) {
    return Call(platform().earning(), &EarningService::Stub::RecordPurchase, request,
                request.partner_id());
  }

  CallResult<earning::v1::Refund> RefundOf(const std::string& partner,
                                           const std::string& transaction, int64_t amount_minor,
                                           const std::string& request_id = "") {
    earning::v1::RefundPurchaseRequest request;
    request.set_request_id(request_id.empty() ? UniqueId("refund") : request_id);
    request.set_partner_id(partner);
    request.set_partner_transaction_id(transaction);
    request.set_partner_refund_id(UniqueId("rf"));
    request.set_amount_minor(amount_minor);
    return Call(platform().earning(), &EarningService::Stub::RefundPurchase, request, partner);
  }

  static std::vector<Line::Kind> Kinds(const EarnBreakdown& breakdown) {
    std::vector<Line::Kind> kinds;
    for (const Line& line : breakdown.lines()) kinds.push_back(line.kind());
    return kinds;
  }
};

TEST_F(EarningRules, APromotionWindowTurnsOnAndOffWithTheClock) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  EarnRules rules = OnePerEuro(partner);
  earning::v1::Promotion& weekend = *rules.add_promotions();
  weekend.set_promotion_id("double-weekend");
  const absl::Time now = EarningNow();
  *weekend.mutable_start_time() = ToProtoTime(now + absl::Hours(24));
  *weekend.mutable_end_time() = ToProtoTime(now + absl::Hours(48));
  weekend.set_bonus_bp(10'000);
  const std::string request_id = UniqueId("publish");
  auto published = Publish(rules, request_id);
  ASSERT_TRUE(published.status.ok()) << published.status.error_message();
  EXPECT_EQ(published.response.version(), 1);
  EXPECT_EQ(Publish(rules, request_id).response.SerializeAsString(),
            published.response.SerializeAsString());  // a retry publishes nothing new

  EXPECT_EQ(Earn(member, partner, 10'000), 100);
  AdvanceEarningClock(absl::Hours(25));
  auto doubled = Record(PurchaseRequest(member, partner, 10'000));
  ASSERT_TRUE(doubled.status.ok()) << doubled.status.error_message();
  EXPECT_EQ(doubled.response.points_earned(), 200);
  EXPECT_THAT(Kinds(doubled.response.breakdown()),
              ::testing::ElementsAre(Line::BASE, Line::PROMOTION_BONUS, Line::ROUNDING));
  EXPECT_EQ(doubled.response.breakdown().lines(1).rule(), "promotion double-weekend +10000 bp");
  AdvanceEarningClock(absl::Hours(24));
  EXPECT_EQ(Earn(member, partner, 10'000), 100);

  earning::v1::ListEarnRulesRequest list;
  list.set_partner_id(partner);
  auto versions = Call(platform().earn_rules(), &EarnRulesAdminService::Stub::ListEarnRules, list);
  ASSERT_EQ(versions.response.versions_size(), 1);
}

TEST_F(EarningRules, TheBreakdownExplainsEveryPointAndAQuoteMatchesIt) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  EarnRules rules = OnePerEuro(partner);
  (*rules.mutable_category_rates())["shop"].set_points(3);
  (*rules.mutable_category_rates())["shop"].set_per_amount_minor(1'000);
  (*rules.mutable_sku_group_bonus_bp())["coffee"] = 10'000;
  ASSERT_THAT(Publish(rules).status, IsOk());

  earning::v1::RecordPurchaseRequest request = PurchaseRequest(member, partner, 12'345);
  request.set_category("shop");
  request.add_sku_groups("coffee");
  auto quote = Call(platform().earning(), &EarningService::Stub::QuoteEarn, request, partner);
  ASSERT_TRUE(quote.status.ok()) << quote.status.error_message();
  // 123.45 of shop goods at 3 per 10.00 = 37.035, coffee doubles it: 74.07 -> 74.
  EXPECT_EQ(quote.response.points(), 74);
  auto recorded = Record(request);
  ASSERT_TRUE(recorded.status.ok()) << recorded.status.error_message();
  EXPECT_EQ(recorded.response.breakdown().SerializeAsString(), quote.response.SerializeAsString());

  earning::v1::GetPurchaseRequest get;
  get.set_purchase_id(recorded.response.purchase_id());
  auto read = Call(platform().earning(), &EarningService::Stub::GetPurchase, get, "support");
  ASSERT_TRUE(read.status.ok()) << read.status.error_message();
  const EarnBreakdown& why = read.response.breakdown();
  EXPECT_EQ(why.points(), 74);
  ASSERT_EQ(why.lines_size(), 3);
  EXPECT_EQ(why.lines(0).rule(), "category shop: 3 per 1000 minor units");
  EXPECT_EQ(why.lines(0).millipoints(), 37'035);
  EXPECT_EQ(why.lines(1).millipoints(), 37'035);
  EXPECT_EQ(why.lines(2).millipoints(), -70);  // rounded down once
  EXPECT_EQ(Balance(member).available_points(), 74);
}

TEST_F(EarningRules, AGoldMemberEarnsTheLaddersTierBonus) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  ASSERT_THAT(Publish(OnePerEuro(partner)).status, IsOk());
  EXPECT_EQ(Earn(member, partner, 100'000), 1'000);  // reaches gold
  auto gold = Record(PurchaseRequest(member, partner, 10'000));
  ASSERT_THAT(gold.status, IsOk());
  EXPECT_EQ(gold.response.points_earned(), 150);
  EXPECT_EQ(gold.response.breakdown().lines(1).rule(), "tier gold +5000 bp (tier ladder)");
}

TEST_F(EarningRules, TheFirstPurchaseBonusIsPaidOnceUnderConcurrentPurchases) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  EarnRules rules = OnePerEuro(partner);
  earning::v1::Promotion& welcome = *rules.add_promotions();
  welcome.set_promotion_id("welcome");
  *welcome.mutable_start_time() = ToProtoTime(EarningNow() - absl::Hours(1));
  *welcome.mutable_end_time() = ToProtoTime(EarningNow() + absl::Hours(24 * 365));
  welcome.set_bonus_points(500);
  welcome.set_first_purchase_only(true);
  ASSERT_THAT(Publish(rules).status, IsOk());

  std::vector<CallResult<earning::v1::Purchase>> results(8);
  std::vector<std::thread> buyers;
  for (auto& result : results) {
    buyers.emplace_back([&] { result = Record(PurchaseRequest(member, partner, 1'000)); });
  }
  for (auto& buyer : buyers) buyer.join();
  int with_bonus = 0;
  for (const auto& result : results) {
    ASSERT_TRUE(result.status.ok()) << result.status.error_message();
    if (result.response.points_earned() == 510)
      ++with_bonus;
    else
      EXPECT_EQ(result.response.points_earned(), 10);
  }
  EXPECT_EQ(with_bonus, 1);
  EXPECT_EQ(Balance(member).available_points(), 500 + 8 * 10);
}

TEST_F(EarningRules, BadRulesAndPurchaseTimesGetPreciseStatuses) {
  const std::string partner = NewPartner();
  EarnRules past = OnePerEuro(partner);
  *past.mutable_effective_time() = ToProtoTime(EarningNow() - absl::Hours(1));
  auto retroactive = Publish(past);
  EXPECT_EQ(retroactive.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(retroactive.status.error_message(),
              ::testing::StartsWith("rules.effective_time: must not be in the past"));
  auto unknown = Publish(OnePerEuro("p-nobody"));
  EXPECT_EQ(unknown.status.error_code(), grpc::StatusCode::NOT_FOUND);

  const std::string member = NewMember();
  auto late = PurchaseRequest(member, partner, 1'000);
  *late.mutable_purchase_time() = ToProtoTime(EarningNow() - absl::Hours(24 * 31));
  EXPECT_EQ(Record(late).status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  auto ahead = PurchaseRequest(member, partner, 1'000);
  *ahead.mutable_purchase_time() = ToProtoTime(EarningNow() + absl::Hours(1));
  EXPECT_EQ(Record(ahead).status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Balance(member).available_points(), 0);
}

TEST_F(EarningRules, PartialRefundsReverseExactlyThePointsThePurchaseEarned) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  auto purchase = Record(PurchaseRequest(member, partner, 12'345));  // 123 points at 1 per 1.00
  ASSERT_THAT(purchase.status, IsOk());
  ASSERT_EQ(purchase.response.points_earned(), 123);
  const std::string transaction = purchase.response.partner_transaction_id();

  earning::v1::RefundPurchaseRequest first;
  first.set_request_id(UniqueId("refund"));
  first.set_partner_id(partner);
  first.set_partner_transaction_id(transaction);
  first.set_partner_refund_id(UniqueId("rf"));
  first.set_amount_minor(5'000);
  auto refunded = Call(platform().earning(), &EarningService::Stub::RefundPurchase, first, partner);
  ASSERT_TRUE(refunded.status.ok()) << refunded.status.error_message();
  EXPECT_EQ(refunded.response.points_reversed(), 49);  // floor(123 * 5000 / 12345)
  auto retried = Call(platform().earning(), &EarningService::Stub::RefundPurchase, first, partner);
  EXPECT_EQ(retried.response.SerializeAsString(), refunded.response.SerializeAsString());
  EXPECT_EQ(Balance(member).available_points(), 74);

  EXPECT_EQ(RefundOf(partner, transaction, 7'000).response.points_reversed(), 70);
  EXPECT_EQ(RefundOf(partner, transaction, 345).response.points_reversed(), 4);  // 49+70+4 = 123
  EXPECT_EQ(Balance(member).available_points(), 0);

  auto beyond = RefundOf(partner, transaction, 1);
  EXPECT_EQ(beyond.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(beyond.status.error_message(),
            "amount_minor: a refund of 1 is more than the 0 of purchase " +
                purchase.response.purchase_id() + " not refunded yet");
  auto larger = RefundOf(partner, transaction, 12'346);
  EXPECT_EQ(larger.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(larger.status.error_message(),
            "amount_minor: a refund of 12346 is more than the purchase's 12345");
  auto unknown = RefundOf(partner, "T-nowhere", 1);
  EXPECT_EQ(unknown.status.error_code(), grpc::StatusCode::NOT_FOUND);

  earning::v1::GetPurchaseRequest get;
  get.set_purchase_id(purchase.response.purchase_id());
  auto read = Call(platform().earning(), &EarningService::Stub::GetPurchase, get, "support");
  EXPECT_EQ(read.response.refunded_amount_minor(), 12'345);
  EXPECT_EQ(read.response.points_reversed(), 123);
  EXPECT_EQ(Summary(member, 1).recent_transactions(0).type(), account::v1::REVERSE);
}

TEST_F(EarningRules, SpentPointsStaySpentWhenTheirPurchaseIsRefunded) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  auto purchase = Record(PurchaseRequest(member, partner, 10'000));  // 100 points
  ASSERT_THAT(Redeem(member, partner, 80, UniqueId("redeem")).status, IsOk());
  auto refund = RefundOf(partner, purchase.response.partner_transaction_id(), 10'000);
  ASSERT_TRUE(refund.status.ok()) << refund.status.error_message();
  EXPECT_EQ(refund.response.points_due(), 100);
  EXPECT_EQ(refund.response.points_reversed(), 20);  // capped at what the member still had
  EXPECT_EQ(Balance(member).available_points(), 0);
}

earning::v1::SettlePurchaseRequest Settle(const std::string& partner,
                                          const std::string& transaction,
                                          const std::string& request_id) {
  earning::v1::SettlePurchaseRequest request;
  request.set_request_id(request_id);
  request.set_partner_id(partner);
  request.set_partner_transaction_id(transaction);
  return request;
}

TEST_F(EarningRules, PendingPointsShowButCannotBeSpentUntilConfirmed) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  auto request = PurchaseRequest(member, partner, 10'000);
  request.set_pending(true);
  auto pending = Record(request);
  ASSERT_TRUE(pending.status.ok()) << pending.status.error_message();
  EXPECT_EQ(pending.response.state(), earning::v1::Purchase::PENDING);
  EXPECT_TRUE(pending.response.has_pending_until());
  EXPECT_EQ(Balance(member).pending_points(), 100);
  EXPECT_EQ(Balance(member).available_points(), 0);
  EXPECT_EQ(Summary(member).pending_points(), 100);
  EXPECT_EQ(Redeem(member, partner, 10, UniqueId("redeem")).status.error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  const std::string transaction = request.partner_transaction_id();
  EXPECT_EQ(RefundOf(partner, transaction, 10'000).status.error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  const auto confirm = Settle(partner, transaction, UniqueId("confirm"));
  auto confirmed =
      Call(platform().earning(), &EarningService::Stub::ConfirmPurchase, confirm, partner);
  ASSERT_TRUE(confirmed.status.ok()) << confirmed.status.error_message();
  EXPECT_EQ(confirmed.response.state(), earning::v1::Purchase::CONFIRMED);
  auto retried =
      Call(platform().earning(), &EarningService::Stub::ConfirmPurchase, confirm, partner);
  ASSERT_TRUE(retried.status.ok()) << retried.status.error_message();
  EXPECT_EQ(Balance(member).available_points(), 100);
  EXPECT_EQ(Balance(member).pending_points(), 0);
  EXPECT_EQ(Summary(member, 1).recent_transactions(0).type(), account::v1::CONFIRM);

  auto cancel = Call(platform().earning(), &EarningService::Stub::CancelPurchase,
                     Settle(partner, transaction, UniqueId("cancel")), partner);
  EXPECT_EQ(cancel.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(cancel.status.error_message(),
            "partner_transaction_id: purchase " + pending.response.purchase_id() + " is CONFIRMED");
  EXPECT_EQ(Balance(member).available_points(), 100);
}

TEST_F(EarningRules, PendingPointsGoBackWhenCancelledOrLeftToLapse) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  auto cancelled_request = PurchaseRequest(member, partner, 10'000);
  cancelled_request.set_pending(true);
  ASSERT_THAT(Record(cancelled_request).status, IsOk());
  auto lapsing_request = PurchaseRequest(member, partner, 5'000);
  lapsing_request.set_pending(true);
  auto lapsing = Record(lapsing_request);
  ASSERT_THAT(lapsing.status, IsOk());
  EXPECT_EQ(Balance(member).pending_points(), 150);

  auto cancelled = Call(
      platform().earning(), &EarningService::Stub::CancelPurchase,
      Settle(partner, cancelled_request.partner_transaction_id(), UniqueId("cancel")), partner);
  ASSERT_TRUE(cancelled.status.ok()) << cancelled.status.error_message();
  EXPECT_EQ(cancelled.response.state(), earning::v1::Purchase::CANCELLED);
  EXPECT_EQ(Balance(member).pending_points(), 50);

  // Nothing lapses before the partner's TTL (90 days by default), everything after it.
  earning::v1::LapsePendingPurchasesRequest lapse;
  lapse.set_request_id(UniqueId("lapse"));
  auto early = Call(platform().earn_rules(), &EarnRulesAdminService::Stub::LapsePendingPurchases,
                    lapse, "operator");
  ASSERT_TRUE(early.status.ok()) << early.status.error_message();
  EXPECT_EQ(Balance(member).pending_points(), 50);
  AdvanceEarningClock(absl::Hours(24 * 91));
  lapse.set_request_id(UniqueId("lapse"));
  auto run = Call(platform().earn_rules(), &EarnRulesAdminService::Stub::LapsePendingPurchases,
                  lapse, "operator");
  ASSERT_TRUE(run.status.ok()) << run.status.error_message();
  EXPECT_TRUE(run.response.complete());
  EXPECT_GE(run.response.purchases(), 1);
  EXPECT_EQ(Balance(member).pending_points(), 0);
  EXPECT_EQ(Balance(member).available_points(), 0);
  earning::v1::GetPurchaseRequest get;
  get.set_purchase_id(lapsing.response.purchase_id());
  EXPECT_EQ(Call(platform().earning(), &EarningService::Stub::GetPurchase, get, "support")
                .response.state(),
            earning::v1::Purchase::LAPSED);
  auto again = Call(platform().earn_rules(), &EarnRulesAdminService::Stub::LapsePendingPurchases,
                    lapse, "operator");  // the finished run, unchanged
  EXPECT_EQ(again.response.SerializeAsString(), run.response.SerializeAsString());
}

TEST_F(EarningRules, AnEndOfDayBatchGivesEachPurchaseItsOwnResultAndRetriesSafely) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  earning::v1::RecordPurchasesRequest batch;
  for (int i = 0; i < 40; ++i) *batch.add_purchases() = PurchaseRequest(member, partner, 1'000);
  batch.mutable_purchases(7)->set_currency("USD");
  // The same partner transaction twice in one file: credited once.
  batch.mutable_purchases(9)->set_partner_transaction_id(
      batch.purchases(8).partner_transaction_id());
  auto recorded =
      Call(platform().earning(), &EarningService::Stub::RecordPurchases, batch, partner);
  ASSERT_TRUE(recorded.status.ok()) << recorded.status.error_message();
  ASSERT_EQ(recorded.response.results_size(), 40);
  int ok = 0;
  for (int i = 0; i < 40; ++i) {
    const earning::v1::PurchaseResult& result = recorded.response.results(i);
    if (result.code() == 0) {
      ++ok;
      EXPECT_EQ(result.purchase().partner_transaction_id(),
                batch.purchases(i).partner_transaction_id());
    }
  }
  EXPECT_EQ(ok, 38);
  EXPECT_EQ(recorded.response.results(7).code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(recorded.response.results(7).message(),
              ::testing::StartsWith("purchases[7].currency: partner '"));
  const int duplicate = recorded.response.results(8).code() == 0 ? 9 : 8;
  EXPECT_EQ(recorded.response.results(duplicate).code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Balance(member).available_points(), 38 * 10);

  auto again = Call(platform().earning(), &EarningService::Stub::RecordPurchases, batch, partner);
  ASSERT_THAT(again.status, IsOk());
  for (int i = 0; i < 40; ++i) {
    if (recorded.response.results(i).code() != 0) continue;
    EXPECT_EQ(again.response.results(i).SerializeAsString(),
              recorded.response.results(i).SerializeAsString());
  }
  EXPECT_EQ(Balance(member).available_points(), 38 * 10);

  earning::v1::RecordPurchasesRequest empty;
  EXPECT_EQ(Call(platform().earning(), &EarningService::Stub::RecordPurchases, empty, partner)
                .status.error_message(),
            "purchases: a batch has 1 to 5000 purchases, got 0");
}

TEST_F(EarningRules, ABusinessPurchaseAlsoEarnsForTheMembersCompany) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  EarnRules rules = OnePerEuro(partner);
  rules.mutable_corporate_rate()->set_points(1);
  rules.mutable_corporate_rate()->set_per_amount_minor(1'000);  // the company: 1 per 10.00
  ASSERT_THAT(Publish(rules).status, IsOk());

  account::v1::CreateCorporateAccountRequest create;
  create.set_request_id(UniqueId("corporate"));
  create.set_display_name("Analytical Engines Ltd");
  auto company =
      Call(platform().account_admin(),
           &account::v1::AccountAdminService::Stub::CreateCorporateAccount, create, "operator");
  ASSERT_TRUE(company.status.ok()) << company.status.error_message();
  auto business = PurchaseRequest(member, partner, 50'000);
  business.set_business(true);
  auto unlinked = Record(business);
  EXPECT_EQ(unlinked.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(unlinked.status.error_message(),
            "business: member '" + member + "' is not linked to a corporate account");

  account::v1::LinkMemberToCorporateRequest link;
  link.set_request_id(UniqueId("link"));
  link.set_member_id(member);
  link.set_corporate_id(company.response.corporate_id());
  auto linked =
      Call(platform().account_admin(),
           &account::v1::AccountAdminService::Stub::LinkMemberToCorporate, link, "operator");
  ASSERT_TRUE(linked.status.ok()) << linked.status.error_message();
  EXPECT_EQ(linked.response.corporate_id(), company.response.corporate_id());

  business.set_request_id(UniqueId("purchase"));
  auto recorded = Record(business);
  ASSERT_TRUE(recorded.status.ok()) << recorded.status.error_message();
  EXPECT_EQ(recorded.response.points_earned(), 500);
  EXPECT_EQ(recorded.response.corporate_points(), 50);
  EXPECT_EQ(Record(business).response.SerializeAsString(),
            recorded.response.SerializeAsString());  // a retry credits neither again
  account::v1::GetCorporateAccountRequest get;
  get.set_corporate_id(company.response.corporate_id());
  EXPECT_EQ(Call(platform().account_admin(),
                 &account::v1::AccountAdminService::Stub::GetCorporateAccount, get, "operator")
                .response.points(),
            50);
  EXPECT_EQ(Balance(member).available_points(), 500);
}

TEST_F(EarningRules, ASuspendedPartnerCannotIssuePoints) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  const auto before = PurchaseRequest(member, partner, 10'000);
  auto recorded = Record(before);
  ASSERT_TRUE(recorded.status.ok()) << recorded.status.error_message();
  admin::v1::SetPartnerStateRequest suspend;
  suspend.set_request_id(UniqueId("suspend"));
  suspend.set_partner_id(partner);
  suspend.set_state(admin::v1::Partner::SUSPENDED);
  suspend.set_reason("contract ended");
  auto suspended =
      Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::SetPartnerState, suspend,
           "operator");
  ASSERT_TRUE(suspended.status.ok()) << suspended.status.error_message();
  EXPECT_EQ(suspended.response.state(), admin::v1::Partner::SUSPENDED);
  suspend.set_request_id(UniqueId("suspend"));
  EXPECT_EQ(Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::SetPartnerState,
                 suspend, "operator")
                .status.error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  AdvanceEarningClock(absl::Seconds(6));  // past the earning service's 5 s partner cache
  auto refused = Record(PurchaseRequest(member, partner, 10'000));
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // A purchase recorded before the suspension is still answered when retried.
  EXPECT_EQ(Record(before).response.SerializeAsString(), recorded.response.SerializeAsString());
  EXPECT_EQ(refused.status.error_message(),
            "partner_id: partner '" + partner + "' is suspended: it cannot issue points");
  EXPECT_EQ(Balance(member).available_points(), 100);
  auto unknown = Record(PurchaseRequest(member, "p-nobody", 10'000));
  EXPECT_EQ(unknown.status.error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace coalition::testing
