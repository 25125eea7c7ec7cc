// The ledger follower as a saga over fakes: a crash or an outage injected at every step of a
// catch-up (before or after each call to the ledger, the terms and the store), then a rerun in a
// fresh process, ends exactly where an uninterrupted run does: every fact counted once, none lost.
#include "settlement/ledger_follower.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/proto_time.h"
#include "settlement/partner_terms_cache.h"
#include "tests/fakes/account_api_fake.h"
#include "tests/fakes/fault_plan.h"
#include "tests/fakes/totals_store_fake.h"
#include "tests/matchers/status_matchers.h"
#include "tests/unit/settlement/two_days_of_ledger.h"

namespace coalition::settlement {
namespace {

using account::FakeAccountApi;
using testing::FakeTotalsStore;
using testing::FaultPlan;

using two_days::FillLedger;

// Catch-ups, each in a fresh process (nothing kept in memory), until the ledger is followed,
// rerunning after a failure; at most `attempts`. Returns the failures seen.
std::vector<absl::Status> FollowToTheEnd(FakeAccountApi& accounts, FakeTotalsStore& store,
                                         int attempts = 100) {
  std::vector<absl::Status> failures;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    PartnerTermsCache terms(accounts);
    LedgerFollower follower(accounts, store, terms, {.page_size = 3, .pages = 2});
    absl::StatusOr<LedgerFollower::Progress> followed = follower.CatchUp();
    if (!followed.ok()) {
      failures.push_back(followed.status());
      continue;
    }
    if (followed->caught_up) return failures;
  }
  ADD_FAILURE() << "never caught up";
  return failures;
}

TEST(LedgerFollower, CountsEachLegOnceUnderTheTermsVersionInForceAtItsTime) {
  FakeAccountApi accounts;
  FillLedger(accounts);
  FakeTotalsStore store(PeriodCalendar::Monthly());
  EXPECT_THAT(FollowToTheEnd(accounts, store), ::testing::IsEmpty());
  EXPECT_EQ(store.cursor(), 27);
  using Key = FakeTotalsStore::DayKey;
  using Sums = FakeTotalsStore::Sums;
  const absl::CivilDay monday = two_days::kMonday;
  // Issued at 01:00, 05:00 and 09:00 under version 0; from 13:00 under version 1.
  EXPECT_EQ(store.day_facts().at(Key{monday, "car", v1::ISSUED, 0}), (Sums{300, 3}));
  EXPECT_EQ(store.day_facts().at(Key{monday, "car", v1::ISSUED, 1}), (Sums{300, 3}));
  EXPECT_EQ(store.day_facts().at(Key{monday + 1, "car", v1::ISSUED, 1}), (Sums{600, 6}));
  EXPECT_EQ(store.day_facts().at(Key{monday, "car", v1::REVERSED, 1}), (Sums{20, 1}));
  EXPECT_EQ(store.day_facts().at(Key{monday, "car", v1::BREAKAGE, 1}), (Sums{5, 1}));
  EXPECT_EQ(store.day_facts().at(Key{monday + 1, "hotel", v1::REDEEMED, 0}), (Sums{180, 6}));
  // The period totals are the same facts summed by period.
  using PeriodKey = FakeTotalsStore::PeriodKey;
  const absl::CivilDay november(2026, 11, 1);
  EXPECT_EQ(store.period_totals().at(PeriodKey{november, "car", v1::ISSUED, 1, false}),
            (Sums{900, 9}));
  EXPECT_EQ(
      store.period_totals().at(PeriodKey{november, "operator", v1::OPERATOR_FUNDED, 0, false}),
      (Sums{7, 1}));
  int64_t day_points = 0;
  for (const auto& [key, sums] : store.day_facts()) day_points += sums.points;
  int64_t period_points = 0;
  for (const auto& [key, sums] : store.period_totals()) period_points += sums.points;
  EXPECT_EQ(day_points, period_points);
}

// Postings younger than the lists' tolerance (as the follower meets them under load): a list
// read for one posting of a page serves the page's others, so a page costs one read per partner;
// the next page reads again, and the facts are those of lists final for every posting.
TEST(LedgerFollower, RecentPostingsCostOneTermsReadPerPartnerPerPage) {
  FakeAccountApi reference_accounts;
  FillLedger(reference_accounts);
  FakeTotalsStore reference(PeriodCalendar::Monthly());
  ASSERT_THAT(FollowToTheEnd(reference_accounts, reference), ::testing::IsEmpty());

  FakeAccountApi accounts;
  FillLedger(accounts);
  accounts.SetNow(two_days::kMondayStart);  // no list is final for any posting
  FakeTotalsStore store(PeriodCalendar::Monthly());
  PartnerTermsCache terms(accounts);
  LedgerFollower follower(accounts, store, terms, {.page_size = 20, .pages = 1});
  ASSERT_THAT(follower.CatchUp(), IsOk());
  EXPECT_EQ(accounts.terms_lookups(), 2);  // car and hotel; the operator has no terms
  ASSERT_THAT(follower.CatchUp(), IsOk());
  EXPECT_EQ(accounts.terms_lookups(), 4);  // the second page: the kept lists are not fresh for it
  EXPECT_EQ(store.cursor(), 27);
  EXPECT_EQ(store.day_facts(), reference.day_facts());
  EXPECT_EQ(store.period_totals(), reference.period_totals());
}

TEST(LedgerFollower, ACrashOrOutageAtAnyStepThenARerunCountsEveryFactExactlyOnce) {
  FakeAccountApi reference_accounts;
  FillLedger(reference_accounts);
  FakeTotalsStore reference(PeriodCalendar::Monthly());
  ASSERT_THAT(FollowToTheEnd(reference_accounts, reference), ::testing::IsEmpty());

  const std::set<std::string> failed = testing::EveryCallFailing(
      testing::CrashesAndOutages(), [&](FaultPlan& plan, const testing::StagedFault& fault) {
        FakeAccountApi accounts(&plan);
        FillLedger(accounts);
        FakeTotalsStore store(PeriodCalendar::Monthly(), &plan);
        const std::vector<absl::Status> failures = FollowToTheEnd(accounts, store);
        if (!plan.fired()) return;
        SCOPED_TRACE(absl::StrCat(plan.fired_at(), " failed with ", fault.status.ToString()));
        EXPECT_THAT(failures, ::testing::ElementsAre(fault.status));
        EXPECT_EQ(store.cursor(), reference.cursor());
        EXPECT_EQ(store.day_facts(), reference.day_facts());
        EXPECT_EQ(store.period_totals(), reference.period_totals());
      });
  // Every step failed before and after it acted, in some run.
  EXPECT_THAT(failed, ::testing::IsSupersetOf(
                          {"Cursor (before)", "Cursor (after)", "ListPostings (before)",
                           "ListPostings (after)", "ListPartnerTerms (before)",
                           "ListPartnerTerms (after)", "Apply (before)", "Apply (after)"}));
}

}  // namespace
}  // namespace coalition::settlement
