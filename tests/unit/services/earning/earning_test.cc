// Earning over fakes: points at the partner's rate or rules, and what a refusal leaves behind.
#include "services/earning/earning.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/proto_time.h"
#include "tests/fakes/account_api_fake.h"
#include "tests/fakes/purchase_store_fake.h"
#include "tests/fakes/request_claims_fake.h"
#include "tests/fakes/rule_store_fake.h"
#include "tests/matchers/status_matchers.h"

namespace coalition {
namespace {

using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

// Earning over fakes: the partner "car", earning 2 points per 1.00 EUR, and the member "mbr_1".
// A test may change the fakes before it records a purchase.
class Earning : public ::testing::Test {
 protected:
  Earning() {
    accounts.AddPartner(account::FakeAccountApi::Partner("car", "EUR", 2, 100));
    accounts.AddMember("mbr_1");
  }
  account::FakeAccountApi accounts;
  earning::FakePurchaseStore purchases;
  earning::FakeRuleStore rules;
  FakeClock clock{kNow};
  FakeRequestClaims claims;
  earning::Earning earning{purchases, rules, accounts, claims, clock};
};

earning::v1::RecordPurchaseRequest Purchase(int64_t amount_minor) {
  earning::v1::RecordPurchaseRequest request;
  request.set_request_id("r1");
  request.set_partner_id("car");
  request.set_member_id("mbr_1");
  request.set_amount_minor(amount_minor);
  request.set_currency("EUR");
  request.set_partner_transaction_id("T-9");
  return request;
}

TEST_F(Earning, PostsPointsAtThePartnersRateKeyedByThePartnersTransaction) {
  auto purchase = earning.RecordPurchase("car", Purchase(12'345));
  ASSERT_TRUE(purchase.ok()) << purchase.status();
  EXPECT_EQ(purchase->points_earned(), 246);
  ASSERT_EQ(accounts.postings.size(), 1u);
  const auto& posting = accounts.postings[0];
  EXPECT_EQ(posting.request_id(), "purchase/car/T-9");
  EXPECT_EQ(posting.legs(0).account().kind(), account::v1::PARTNER_ISSUED);
  EXPECT_EQ(posting.legs(0).points(), -246);
  EXPECT_EQ(posting.legs(1).account().kind(), account::v1::MEMBER);
  EXPECT_EQ(posting.legs(1).points(), 246);
}

TEST_F(Earning, AnotherCurrencyIsRefusedBeforeAnythingIsPosted) {
  auto request = Purchase(1'000);
  request.set_currency("USD");
  auto purchase = earning.RecordPurchase("car", request);
  EXPECT_EQ(purchase.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(purchase.status().message(), HasSubstr("currency: partner 'car' takes EUR, got USD"));
  EXPECT_TRUE(accounts.postings.empty());
  EXPECT_TRUE(purchases.claimed.empty());
}

TEST_F(Earning, AZeroPointPurchaseStillChecksTheMemberAndPostsNothing) {
  auto request = Purchase(49);  // 0.98 points
  request.set_member_id("mbr_unknown");
  EXPECT_EQ(earning.RecordPurchase("car", request).status().code(), absl::StatusCode::kNotFound);
  request.set_member_id("mbr_1");
  auto purchase = earning.RecordPurchase("car", request);
  ASSERT_THAT(purchase, IsOk());
  EXPECT_EQ(purchase->points_earned(), 0);
  EXPECT_EQ(purchase->posting_sequence(), 0);
  EXPECT_TRUE(accounts.postings.empty());
  EXPECT_EQ(accounts.member_lookups, 2);
}

TEST_F(Earning, ALedgerRefusalWithdrawsTheClaimSoNothingIsLeftBehind) {
  accounts.posting_outcome = absl::NotFoundError("member_id: no member 'mbr_1'");
  EXPECT_EQ(earning.RecordPurchase("car", Purchase(1'000)).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_EQ(purchases.claimed.size(), 1u);
  EXPECT_EQ(purchases.withdrawn, std::vector<std::string>{purchases.claimed[0].purchase_id()});
}

TEST_F(Earning, AnUnavailableLedgerKeepsTheClaimForTheRetry) {
  accounts.posting_outcome = absl::UnavailableError("account service down");
  EXPECT_EQ(earning.RecordPurchase("car", Purchase(1'000)).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(purchases.claimed.size(), 1u);
  EXPECT_TRUE(purchases.withdrawn.empty());
}

// A fresh claim skips the look-up for an earlier attempt's purchase while the purchase passes its
// checks; one the checks refuse now looks first: a purchase left under the key without its claim
// (recorded before claims were kept, or whose claim was given back) is credited as it was.
TEST_F(Earning, APurchaseLeftWithoutItsClaimIsCreditedWhateverTheChecksSayNow) {
  ASSERT_THAT(earning.RecordPurchase("car", Purchase(1'000)), IsOk());
  EXPECT_EQ(purchases.finds, 0);

  earning::v1::Purchase earlier;
  earlier.set_purchase_id("pur_before_claims");
  earlier.set_partner_id("car");
  earlier.set_member_id("mbr_1");
  earlier.set_partner_transaction_id("T-old");
  earlier.set_points_earned(20);
  purchases.left_without_claim = earlier;
  accounts.partners["car"].set_state(admin::v1::Partner::SUSPENDED);
  clock.Advance(absl::Seconds(6));  // past the partner cache
  auto request = Purchase(1'000);
  request.set_request_id("r-old");
  request.set_partner_transaction_id("T-old");
  auto retried = earning.RecordPurchase("car", request);
  ASSERT_THAT(retried, IsOk());
  EXPECT_EQ(retried->purchase_id(), "pur_before_claims");
  EXPECT_EQ(purchases.finds, 1);
  ASSERT_EQ(accounts.postings.size(), 2u);
  EXPECT_EQ(accounts.postings[1].request_id(), "purchase/car/T-old");
}

// A version from an hour ago that pays 10 points per 1.00, and the enrollment rate before it.
earning::v1::EarnRules TenPerEuroFrom(absl::Time start) {
  earning::v1::EarnRules rules;
  rules.set_partner_id("car");
  rules.set_version(1);
  *rules.mutable_effective_time() = ToProtoTime(start);
  rules.mutable_base_rate()->set_points(10);
  rules.mutable_base_rate()->set_per_amount_minor(100);
  return rules;
}

TEST_F(Earning, APurchaseEarnsUnderTheRulesInForceAtItsPurchaseTime) {
  rules.versions.push_back(TenPerEuroFrom(kNow - absl::Hours(1)));
  auto before = Purchase(1'000);
  *before.mutable_purchase_time() = ToProtoTime(kNow - absl::Hours(2));
  auto old_rate = earning.RecordPurchase("car", before);
  ASSERT_TRUE(old_rate.ok()) << old_rate.status();
  EXPECT_EQ(old_rate->points_earned(), 20);  // the enrollment rate, 2 per 1.00
  EXPECT_EQ(old_rate->breakdown().rules_version(), 0);
  auto after = Purchase(1'000);
  after.set_request_id("r2");
  after.set_partner_transaction_id("T-10");
  auto new_rate = earning.RecordPurchase("car", after);
  ASSERT_TRUE(new_rate.ok()) << new_rate.status();
  EXPECT_EQ(new_rate->points_earned(), 100);
  EXPECT_EQ(new_rate->breakdown().rules_version(), 1);
}

TEST_F(Earning, PurchaseTimesOutsideTheSkewOrTheReportingWindowAreRefused) {
  auto future = Purchase(1'000);
  *future.mutable_purchase_time() = ToProtoTime(kNow + absl::Minutes(6));
  auto ahead = earning.RecordPurchase("car", future);
  EXPECT_EQ(ahead.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ahead.status().message(),
            "purchase_time: is 360 s ahead of the coalition's clock; at most 300 s of skew is "
            "allowed");
  auto old = Purchase(1'000);
  *old.mutable_purchase_time() = ToProtoTime(kNow - absl::Hours(24 * 31));
  auto late = earning.RecordPurchase("car", old);
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(late.status().message(),
              HasSubstr("is older than partner 'car''s reporting window of 30 days"));
  EXPECT_TRUE(purchases.claimed.empty());
}

TEST_F(Earning, AClaimThatLosesTheFirstPurchaseRaceIsWorkedOutAgain) {
  purchases.race_once = true;
  earning::v1::EarnRules welcome = TenPerEuroFrom(kNow - absl::Hours(1));
  earning::v1::Promotion& bonus = *welcome.add_promotions();
  bonus.set_promotion_id("welcome");
  *bonus.mutable_start_time() = ToProtoTime(kNow - absl::Hours(1));
  *bonus.mutable_end_time() = ToProtoTime(kNow + absl::Hours(1));
  bonus.set_bonus_points(50);
  bonus.set_first_purchase_only(true);
  rules.versions.push_back(welcome);
  auto purchase = earning.RecordPurchase("car", Purchase(1'000));
  ASSERT_TRUE(purchase.ok()) << purchase.status();
  EXPECT_EQ(purchase->points_earned(), 100);  // no welcome bonus: it was not the first any more
  ASSERT_EQ(purchases.claimed.size(), 2u);
  EXPECT_EQ(purchases.claimed[0].points_earned(), 150);
}

// A file of purchases by mbr_1 at "car": request ids r0, r1, ..., transactions T-0, T-1, ...
earning::v1::RecordPurchasesRequest File(int count) {
  earning::v1::RecordPurchasesRequest file;
  for (int i = 0; i < count; ++i) {
    earning::v1::RecordPurchaseRequest& item = *file.add_purchases();
    item = Purchase(1'000 + i);
    item.set_request_id(absl::StrCat("r", i));
    item.set_partner_transaction_id(absl::StrCat("T-", i));
  }
  return file;
}

TEST_F(Earning, ABulkFilePostsEveryPurchaseWithOneCreatePostingsCall) {
  auto recorded = earning.RecordPurchases("car", File(3));
  ASSERT_THAT(recorded, IsOk());
  ASSERT_EQ(recorded->results_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(recorded->results(i).code(), 0) << recorded->results(i).message();
    EXPECT_EQ(recorded->results(i).purchase().points_earned(), 20);
    EXPECT_EQ(recorded->results(i).purchase().posting_sequence(), i + 1);
  }
  EXPECT_EQ(accounts.bulk_calls, 1);
  EXPECT_EQ(accounts.single_calls, 0);
  EXPECT_EQ(claims.bulk_acquires, 1);
  ASSERT_EQ(accounts.postings.size(), 3u);
  EXPECT_EQ(accounts.postings[2].request_id(), "purchase/car/T-2");
  EXPECT_EQ(accounts.member_lookups, 1);  // one tier read for the member of all three
}

TEST_F(Earning, ABulkFileAnswersEachItemAsRecordPurchaseWould) {
  auto file = File(5);
  file.mutable_purchases(1)->set_currency("USD");
  file.mutable_purchases(2)->set_member_id("mbr_unknown");
  file.mutable_purchases(3)->clear_request_id();
  *file.mutable_purchases(4)->mutable_purchase_time() = ToProtoTime(kNow - absl::Hours(24 * 31));
  auto bulk = earning.RecordPurchases("car", file);
  ASSERT_THAT(bulk, IsOk());
  // The same items one by one, on fakes of their own.
  account::FakeAccountApi other_accounts;
  other_accounts.AddPartner(account::FakeAccountApi::Partner("car", "EUR", 2, 100));
  other_accounts.AddMember("mbr_1");
  earning::FakePurchaseStore other_purchases;
  FakeRequestClaims other_claims;
  earning::Earning one_by_one{other_purchases, rules, other_accounts, other_claims, clock};
  for (int i = 0; i < 5; ++i) {
    auto single = one_by_one.RecordPurchase("car", file.purchases(i));
    EXPECT_EQ(bulk->results(i).code(), static_cast<int>(single.status().code())) << i;
    if (single.ok()) {
      EXPECT_EQ(bulk->results(i).purchase().points_earned(), single->points_earned());
    } else {
      EXPECT_EQ(bulk->results(i).message(),
                absl::StrCat("purchases[", i, "].", single.status().message()));
    }
  }
  EXPECT_EQ(bulk->results(1).code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(bulk->results(2).code(), static_cast<int>(absl::StatusCode::kNotFound));
  EXPECT_EQ(bulk->results(4).code(), static_cast<int>(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(accounts.postings.size(), 1u);
}

TEST_F(Earning, ALedgerRefusalInABulkFileWithdrawsEachClaimAndNamesTheItem) {
  accounts.posting_outcome = absl::NotFoundError("member_id: no member 'mbr_1'");
  auto recorded = earning.RecordPurchases("car", File(2));
  ASSERT_THAT(recorded, IsOk());
  EXPECT_EQ(recorded->results(1).code(), static_cast<int>(absl::StatusCode::kNotFound));
  EXPECT_EQ(recorded->results(1).message(), "purchases[1].member_id: no member 'mbr_1'");
  ASSERT_EQ(purchases.claimed.size(), 2u);
  EXPECT_EQ(purchases.withdrawn, (std::vector<std::string>{purchases.claimed[0].purchase_id(),
                                                           purchases.claimed[1].purchase_id()}));
  // Refused, the keys are free: the file posts once the ledger takes it.
  accounts.posting_outcome = absl::OkStatus();
  auto again = earning.RecordPurchases("car", File(2));
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->results(1).code(), 0) << again->results(1).message();
  EXPECT_EQ(accounts.postings.size(), 2u);
}

TEST_F(Earning, ARetriedFileIsAnsweredItemByItemAsBeforeAndPostsNothingNew) {
  auto file = File(3);
  file.mutable_purchases(1)->set_currency("USD");
  auto first = earning.RecordPurchases("car", file);
  ASSERT_THAT(first, IsOk());
  auto retry = earning.RecordPurchases("car", file);
  ASSERT_THAT(retry, IsOk());
  EXPECT_EQ(retry->SerializeAsString(), first->SerializeAsString());
  EXPECT_EQ(accounts.postings.size(), 2u);
  EXPECT_EQ(accounts.bulk_calls, 1);
  EXPECT_EQ(purchases.claimed.size(), 2u);
}

TEST_F(Earning, TwinsInOneFileGetOnePurchaseAndAReusedRequestIdIsRefused) {
  auto file = File(2);
  *file.add_purchases() = file.purchases(0);  // a copy of item 0
  auto recorded = earning.RecordPurchases("car", file);
  ASSERT_THAT(recorded, IsOk());
  EXPECT_EQ(recorded->results(2).code(), 0) << recorded->results(2).message();
  EXPECT_EQ(recorded->results(2).purchase().purchase_id(),
            recorded->results(0).purchase().purchase_id());
  EXPECT_EQ(accounts.postings.size(), 2u);
  auto reused = File(1);
  reused.mutable_purchases(0)->set_amount_minor(5'000);  // r0 again, other content
  auto refused = earning.RecordPurchases("car", reused);
  ASSERT_THAT(refused, IsOk());
  EXPECT_EQ(refused->results(0).code(), static_cast<int>(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(refused->results(0).message(), HasSubstr("purchases[0].request_id: 'r0'"));
}

}  // namespace
}  // namespace coalition
