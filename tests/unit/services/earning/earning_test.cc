// The ledger's and earning's logic over in-memory fakes: what reaches storage, and what never does.
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/account/ledger.h"
#include "services/common/proto_time.h"
#include "services/common/request_claims.h"
#include "services/earning/earning.h"
#include "services/earning/rule_store.h"

namespace coalition {
namespace {

using ::testing::HasSubstr;

// Runs every request: these tests are about one attempt, not about copies of it.
class RunEveryTime final : public RequestClaims {
 public:
  absl::StatusOr<Claim> Acquire(const RequestKey&) override {
    return Claim{"runner", absl::OkStatus(), ""};
  }
  absl::StatusOr<bool> Record(const RequestKey&, const std::string&, const absl::Status&,
                              const std::string&) override {
    return true;
  }
  absl::Status Release(const RequestKey&, const std::string&) override { return absl::OkStatus(); }
  absl::Status Abandon(const RequestKey&, const std::string&) override { return absl::OkStatus(); }
};

class RecordingLedgerStore final : public account::LedgerStore {
 public:
  absl::StatusOr<account::v1::Posting> Append(const account::PostingDraft& draft) override {
    drafts.push_back(draft);
    account::v1::Posting posting = draft.posting;
    posting.set_sequence(static_cast<int64_t>(drafts.size()));
    return posting;
  }
  absl::StatusOr<std::vector<account::v1::Posting>> ListAfter(int64_t, int,
                                                              absl::Duration) override {
    return std::vector<account::v1::Posting>{};
  }
  absl::StatusOr<int64_t> LatestSequence() override { return 0; }
  absl::StatusOr<account::v1::Balance> GetBalance(const std::string&) override {
    return account::v1::Balance{};
  }
  absl::StatusOr<std::vector<account::v1::Transaction>> ListMemberTransactions(
      const std::string&, std::optional<int64_t>, int limit) override {
    last_limit = limit;
    return std::vector<account::v1::Transaction>{};
  }
  absl::StatusOr<account::v1::MemberSummary> GetMemberSummary(const std::string&,
                                                              int transaction_count,
                                                              absl::Time) override {
    last_limit = transaction_count;
    return account::v1::MemberSummary{};
  }
  absl::StatusOr<account::v1::ExpiryRun> StartExpiryRun(const RequestKey&, absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<account::v1::ExpiryRun> EndExpiryStep(const account::v1::ExpiryRun&,
                                                       bool) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<std::vector<std::string>> AccountsWithExpiredPoints(absl::Time, int) override {
    return absl::UnimplementedError("not faked");
  }
  absl::Status ExpireAccountPoints(const account::v1::ExpiryRun&, const std::string&,
                                   absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  std::vector<account::PostingDraft> drafts;
  int last_limit = 0;
};

account::v1::CreatePostingRequest EarnRequest(int64_t points) {
  account::v1::CreatePostingRequest request;
  request.set_request_id("purchase/car/T1");
  request.set_type(account::v1::EARN);
  for (auto [kind, owner, amount] : {std::tuple{account::v1::PARTNER_ISSUED, "car", -points},
                                     std::tuple{account::v1::MEMBER, "mbr_1", points}}) {
    account::v1::Leg* leg = request.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(owner);
    leg->set_points(amount);
  }
  return request;
}

TEST(Ledger, StampsPostingsWithTheInjectedClockAndScopesKeysByCaller) {
  RecordingLedgerStore store;
  FakeClock clock(absl::FromUnixSeconds(1'800'000'000));
  account::Ledger ledger(store, clock, absl::Seconds(15));
  ASSERT_TRUE(ledger.CreatePosting("earning", EarnRequest(10)).ok());
  clock.Advance(absl::Hours(48));
  ASSERT_TRUE(ledger.CreatePosting("earning", EarnRequest(10)).ok());

  ASSERT_EQ(store.drafts.size(), 2u);
  EXPECT_EQ(store.drafts[0].key.caller, "earning");
  EXPECT_EQ(store.drafts[0].key.request_id, "purchase/car/T1");
  EXPECT_EQ(ProtoTimeToMicros(store.drafts[0].posting.occur_time()), 1'800'000'000'000'000);
  EXPECT_EQ(ProtoTimeToMicros(store.drafts[1].posting.occur_time()),
            (1'800'000'000 + 48 * 3600) * 1'000'000LL);
  EXPECT_EQ(store.drafts[0].key.fingerprint, store.drafts[1].key.fingerprint);  // same content
}

TEST(Ledger, AnUnbalancedPostingNeverReachesStorage) {
  RecordingLedgerStore store;
  FakeClock clock(absl::UnixEpoch());
  account::Ledger ledger(store, clock, absl::Seconds(15));
  auto request = EarnRequest(10);
  request.mutable_legs(1)->set_points(11);
  EXPECT_EQ(ledger.CreatePosting("earning", request).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(store.drafts.empty());
}

TEST(Ledger, HistoryAsksForOneRowMoreThanThePageToSeeIfAnotherFollows) {
  RecordingLedgerStore store;
  FakeClock clock(absl::UnixEpoch());
  account::Ledger ledger(store, clock, absl::Seconds(15));
  account::v1::ListTransactionsRequest request;
  request.set_member_id("mbr_1");
  request.set_page_size(20);
  auto page = ledger.ListTransactions(request);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(store.last_limit, 21);
  EXPECT_TRUE(page->next_page_token().empty());
}

// Earning over fakes: a partner with a rate, and a store that remembers what it was given.
class FakeAccounts final : public account::AccountApi {
 public:
  absl::StatusOr<account::v1::Posting> CreatePosting(
      const account::v1::CreatePostingRequest& request) override {
    if (!posting_outcome.ok()) return posting_outcome;
    postings.push_back(request);
    account::v1::Posting posting;
    posting.set_sequence(static_cast<int64_t>(postings.size()));
    return posting;
  }
  absl::StatusOr<account::v1::ListPostingsResponse> ListPostings(int64_t, int32_t) override {
    return account::v1::ListPostingsResponse{};
  }
  absl::StatusOr<admin::v1::ListPartnerTermsResponse> ListPartnerTerms(
      const std::string&) override {
    return absl::UnimplementedError("not used here");
  }
  absl::StatusOr<admin::v1::Partner> GetPartner(const std::string& partner_id) override {
    if (partner_id != "car") return absl::NotFoundError("partner_id: no partner");
    admin::v1::Partner partner;
    partner.set_partner_id("car");
    partner.set_currency("EUR");
    partner.mutable_earn_rate()->set_points(2);
    partner.mutable_earn_rate()->set_per_amount_minor(100);
    return partner;
  }
  absl::StatusOr<account::v1::Member> GetMember(const std::string& member_id) override {
    ++member_lookups;
    if (member_id != "mbr_1") return absl::NotFoundError("member_id: no member");
    return account::v1::Member{};
  }
  absl::StatusOr<account::v1::Balance> GetBalance(const std::string&,
                                                 const std::optional<std::string>&) override {
    account::v1::Balance balance;
    balance.set_available_points(available_points);
    return balance;
  }
  int64_t available_points = 1'000'000;
  absl::StatusOr<account::v1::MemberTier> GetMemberTier(const std::string& member_id) override {
    ++member_lookups;
    if (member_id != "mbr_1") return absl::NotFoundError("member_id: no member");
    account::v1::MemberTier tier;
    tier.set_tier_id("blue");
    tier.set_earn_multiplier_bp(10'000);
    return tier;
  }
  std::vector<account::v1::CreatePostingRequest> postings;
  absl::Status posting_outcome;  // what CreatePosting answers when not OK
  int member_lookups = 0;
};

class FakePurchases final : public earning::PurchaseStore {
 public:
  absl::StatusOr<earning::MemberFacts> Facts(const std::string&, const std::string&, absl::Time,
                                             absl::Time) override {
    return facts;
  }
  absl::StatusOr<earning::v1::Purchase> Claim(
      const RequestKey&, const earning::v1::Purchase& purchase,
      const std::optional<earning::MemberFacts>& assumed) override {
    if (assumed && !assumed->StillHoldIn(facts)) {
      return absl::AbortedError("another purchase came first");
    }
    claimed.push_back(purchase);
    if (race_once) {  // a concurrent purchase lands just before this claim
      race_once = false;
      facts.purchased_before = true;
      return absl::AbortedError("another purchase came first");
    }
    return purchase;
  }
  absl::StatusOr<earning::v1::Purchase> Get(const std::string&) override {
    return absl::NotFoundError("not faked");
  }
  absl::StatusOr<std::optional<earning::v1::Purchase>> Find(const RequestKey&) override {
    return std::nullopt;
  }
  absl::StatusOr<Stored> GetByTransaction(const std::string&, const std::string&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<bool> Settle(const std::string&, earning::v1::Purchase::State, const RequestKey&,
                              absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<earning::v1::PendingLapseRun> StartLapseRun(const RequestKey&,
                                                             absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<std::vector<std::string>> PurchasesToLapse(absl::Time, int) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<earning::v1::PendingLapseRun> EndLapseStep(const earning::v1::PendingLapseRun&,
                                                            int64_t, bool) override {
    return absl::UnimplementedError("not faked");
  }
  earning::MemberFacts facts{false, 0};
  bool race_once = false;
  absl::Status RecordPosting(const std::string&, int64_t) override { return absl::OkStatus(); }
  absl::Status Withdraw(const std::string& purchase_id) override {
    withdrawn.push_back(purchase_id);
    return absl::OkStatus();
  }
  std::vector<earning::v1::Purchase> claimed;
  std::vector<std::string> withdrawn;
};

class FakeRules final : public earning::RuleStore {
 public:
  absl::StatusOr<earning::v1::EarnRules> Publish(const RequestKey&,
                                                 const earning::v1::EarnRules& rules) override {
    return rules;
  }
  absl::StatusOr<std::vector<earning::v1::EarnRules>> List(const std::string&) override {
    return versions;
  }
  absl::StatusOr<std::optional<earning::v1::EarnRules>> InForce(const std::string&,
                                                                absl::Time time) override {
    std::optional<earning::v1::EarnRules> in_force;
    for (const auto& rules : versions) {
      if (ProtoTimeToMicros(rules.effective_time()) <= absl::ToUnixMicros(time)) in_force = rules;
    }
    return in_force;
  }
  std::vector<earning::v1::EarnRules> versions;  // oldest first
};

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

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

TEST(Earning, PostsPointsAtThePartnersRateKeyedByThePartnersTransaction) {
  FakeAccounts accounts;
  FakePurchases purchases;
  FakeRules rules;
  FakeClock clock(kNow);
  RunEveryTime claims;
  earning::Earning earning(purchases, rules, accounts, claims, clock);
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

TEST(Earning, AnotherCurrencyIsRefusedBeforeAnythingIsPosted) {
  FakeAccounts accounts;
  FakePurchases purchases;
  FakeRules rules;
  FakeClock clock(kNow);
  RunEveryTime claims;
  earning::Earning earning(purchases, rules, accounts, claims, clock);
  auto request = Purchase(1'000);
  request.set_currency("USD");
  auto purchase = earning.RecordPurchase("car", request);
  EXPECT_EQ(purchase.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(purchase.status().message(), HasSubstr("currency: partner 'car' takes EUR, got USD"));
  EXPECT_TRUE(accounts.postings.empty());
  EXPECT_TRUE(purchases.claimed.empty());
}

TEST(Earning, AZeroPointPurchaseStillChecksTheMemberAndPostsNothing) {
  FakeAccounts accounts;
  FakePurchases purchases;
  FakeRules rules;
  FakeClock clock(kNow);
  RunEveryTime claims;
  earning::Earning earning(purchases, rules, accounts, claims, clock);
  auto request = Purchase(49);  // 0.98 points
  request.set_member_id("mbr_unknown");
  EXPECT_EQ(earning.RecordPurchase("car", request).status().code(), absl::StatusCode::kNotFound);
  request.set_member_id("mbr_1");
  auto purchase = earning.RecordPurchase("car", request);
  ASSERT_TRUE(purchase.ok());
  EXPECT_EQ(purchase->points_earned(), 0);
  EXPECT_EQ(purchase->posting_sequence(), 0);
  EXPECT_TRUE(accounts.postings.empty());
  EXPECT_EQ(accounts.member_lookups, 2);
}

TEST(Earning, ALedgerRefusalWithdrawsTheClaimSoNothingIsLeftBehind) {
  FakeAccounts accounts;
  FakePurchases purchases;
  FakeRules rules;
  FakeClock clock(kNow);
  RunEveryTime claims;
  earning::Earning earning(purchases, rules, accounts, claims, clock);
  accounts.posting_outcome = absl::NotFoundError("member_id: no member 'mbr_1'");
  EXPECT_EQ(earning.RecordPurchase("car", Purchase(1'000)).status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_EQ(purchases.claimed.size(), 1u);
  EXPECT_EQ(purchases.withdrawn, std::vector<std::string>{purchases.claimed[0].purchase_id()});
}

TEST(Earning, AnUnavailableLedgerKeepsTheClaimForTheRetry) {
  FakeAccounts accounts;
  FakePurchases purchases;
  FakeRules rules;
  FakeClock clock(kNow);
  RunEveryTime claims;
  earning::Earning earning(purchases, rules, accounts, claims, clock);
  accounts.posting_outcome = absl::UnavailableError("account service down");
  EXPECT_EQ(earning.RecordPurchase("car", Purchase(1'000)).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(purchases.claimed.size(), 1u);
  EXPECT_TRUE(purchases.withdrawn.empty());
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

TEST(Earning, APurchaseEarnsUnderTheRulesInForceAtItsPurchaseTime) {
  FakeAccounts accounts;
  FakePurchases purchases;
  FakeRules rules;
  rules.versions.push_back(TenPerEuroFrom(kNow - absl::Hours(1)));
  FakeClock clock(kNow);
  RunEveryTime claims;
  earning::Earning earning(purchases, rules, accounts, claims, clock);
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

TEST(Earning, PurchaseTimesOutsideTheSkewOrTheReportingWindowAreRefused) {
  FakeAccounts accounts;
  FakePurchases purchases;
  FakeRules rules;
  FakeClock clock(kNow);
  RunEveryTime claims;
  earning::Earning earning(purchases, rules, accounts, claims, clock);
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

TEST(Earning, AClaimThatLosesTheFirstPurchaseRaceIsWorkedOutAgain) {
  FakeAccounts accounts;
  FakePurchases purchases;
  purchases.race_once = true;
  FakeRules rules;
  earning::v1::EarnRules welcome = TenPerEuroFrom(kNow - absl::Hours(1));
  earning::v1::Promotion& bonus = *welcome.add_promotions();
  bonus.set_promotion_id("welcome");
  *bonus.mutable_start_time() = ToProtoTime(kNow - absl::Hours(1));
  *bonus.mutable_end_time() = ToProtoTime(kNow + absl::Hours(1));
  bonus.set_bonus_points(50);
  bonus.set_first_purchase_only(true);
  rules.versions.push_back(welcome);
  FakeClock clock(kNow);
  RunEveryTime claims;
  earning::Earning earning(purchases, rules, accounts, claims, clock);
  auto purchase = earning.RecordPurchase("car", Purchase(1'000));
  ASSERT_TRUE(purchase.ok()) << purchase.status();
  EXPECT_EQ(purchase->points_earned(), 100);  // no welcome bonus: it was not the first any more
  ASSERT_EQ(purchases.claimed.size(), 2u);
  EXPECT_EQ(purchases.claimed[0].points_earned(), 150);
}

}  // namespace
}  // namespace coalition
