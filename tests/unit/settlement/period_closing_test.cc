// Closing periods as a saga over fakes: a crash or an outage injected at every step of two closes
// (following the ledger, beginning the close, reading totals, partners and terms, keeping the
// report), then reruns in a fresh process, end exactly as uninterrupted closes do: each period
// closed once, with the same report. And partners are looked up once, not once per close.
#include "settlement/period_closing.h"

#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "settlement/ledger_follower.h"
#include "settlement/partner_terms_cache.h"
#include "tests/fakes/account_api_fake.h"
#include "tests/fakes/fault_plan.h"
#include "tests/fakes/totals_store_fake.h"
#include "tests/unit/settlement/two_days_of_ledger.h"

namespace coalition::settlement {
namespace {

using account::FakeAccountApi;
using testing::FakeTotalsStore;
using testing::FaultPlan;
using two_days::kMonday;

const PeriodCalendar kDaily = *PeriodCalendar::Parse("daily");
// Wednesday 01:00: Monday's and Tuesday's periods have ended.
const absl::Time kWednesday =
    absl::FromCivil(absl::CivilHour(kMonday + 2) + 1, absl::UTCTimeZone());

// A settlement process: what a crash loses and a restart makes again.
struct Process {
  explicit Process(FakeAccountApi& accounts, FakeTotalsStore& store, const Clock& clock)
      : terms(accounts),
        follower(accounts, store, terms, {.page_size = 4, .pages = 2}),
        closing(store, follower, accounts, terms, kDaily, clock) {}
  PartnerTermsCache terms;
  LedgerFollower follower;
  PeriodClosing closing;
};

v1::ClosePeriodRequest CloseRequest(absl::CivilDay day) {
  v1::ClosePeriodRequest request;
  request.set_request_id(absl::StrCat("close-", absl::FormatCivilTime(day)));
  request.set_period_start(absl::FormatCivilTime(day));
  return request;
}

// ClosePeriod until the period is CLOSED or a call fails (at most `calls` calls).
absl::StatusOr<v1::Period> CloseInOneProcess(Process& process, absl::CivilDay day,
                                             int calls = 100) {
  absl::StatusOr<v1::Period> period;
  for (int call = 0; call < calls; ++call) {
    period = process.closing.Close(CloseRequest(day));
    if (!period.ok() || period->state() == v1::Period::CLOSED) return period;
  }
  return absl::DeadlineExceededError("the close never finished");
}

// Closes the period, in a fresh process after each failure (at most `attempts`). Returns the
// failures seen.
std::vector<absl::Status> CloseToTheEnd(FakeAccountApi& accounts, FakeTotalsStore& store,
                                        const Clock& clock, absl::CivilDay day, int attempts = 10) {
  std::vector<absl::Status> failures;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    Process process(accounts, store, clock);  // a crash loses it: restart
    absl::StatusOr<v1::Period> period = CloseInOneProcess(process, day);
    if (period.ok()) return failures;
    failures.push_back(period.status());
  }
  ADD_FAILURE() << "the close never finished";
  return failures;
}

const v1::PartnerStatement* StatementOf(const v1::PeriodReport& report, const std::string& id) {
  for (const v1::PartnerStatement& statement : report.statements()) {
    if (statement.partner_id() == id) return &statement;
  }
  return nullptr;
}

std::vector<std::string> Serialized(const std::map<absl::CivilDay, v1::Period>& periods) {
  std::vector<std::string> serialized;
  for (const auto& [start, period] : periods) serialized.push_back(period.SerializeAsString());
  return serialized;
}

v1::PeriodReport ReportOf(FakeTotalsStore& store, absl::CivilDay day) {
  absl::StatusOr<std::optional<v1::PeriodReport>> report = store.Report(day);
  EXPECT_TRUE(report.ok() && report->has_value()) << absl::FormatCivilTime(day);
  return report.ok() && report->has_value() ? **report : v1::PeriodReport();
}

TEST(PeriodClosing, ClosesEachDayWithItsLinesPricedUnderTheTermsOfTheirTime) {
  FakeAccountApi accounts;
  two_days::FillLedger(accounts);
  FakeTotalsStore store(kDaily);
  FakeClock clock(kWednesday);
  ASSERT_THAT(CloseToTheEnd(accounts, store, clock, kMonday), ::testing::IsEmpty());
  ASSERT_THAT(CloseToTheEnd(accounts, store, clock, kMonday + 1), ::testing::IsEmpty());
  EXPECT_EQ(store.reports_kept(), 2);

  const v1::PeriodReport monday = ReportOf(store, kMonday);
  const v1::PartnerStatement* car = StatementOf(monday, "car");
  ASSERT_NE(car, nullptr);
  // 300 at 1 (version 0); 300 on top of 300 under version 1: 100 at 2 and 200 beyond 400 at 3;
  // 20 reversed at 2; half of 5 expired points' value at 2 back.
  ASSERT_EQ(car->lines_size(), 4);
  EXPECT_EQ(car->lines(0).amount_minor(), 300);
  EXPECT_EQ(car->lines(1).amount_minor(), 800);
  EXPECT_EQ(car->lines(2).amount_minor(), -40);
  EXPECT_EQ(car->lines(3).amount_minor(), -5);
  EXPECT_EQ(car->net_amount_minor(), 1055);
  EXPECT_EQ(StatementOf(monday, "hotel")->net_amount_minor(), -144);
  EXPECT_EQ(monday.operator_funded_points(), 7);
  // Tuesday's 600 points go on top of Monday's 600 in November: all beyond 400, at 3.
  EXPECT_EQ(StatementOf(ReportOf(store, kMonday + 1), "car")->net_amount_minor(), 1800);
}

TEST(PeriodClosing, LooksEachPartnerUpOnceAcrossClosesAndTheLiabilityReport) {
  FakeAccountApi accounts;
  two_days::FillLedger(accounts);
  FakeTotalsStore store(kDaily);
  FakeClock clock(kWednesday);
  Process process(accounts, store, clock);
  for (const absl::CivilDay day : {kMonday, kMonday + 1}) {
    absl::StatusOr<v1::Period> period = CloseInOneProcess(process, day);
    ASSERT_TRUE(period.ok()) << period.status();
  }
  ASSERT_TRUE(process.closing.Liability().ok());
  EXPECT_EQ(accounts.lookups_of("car"), 1);
  EXPECT_EQ(accounts.lookups_of("hotel"), 1);
  EXPECT_EQ(accounts.terms_lookups(), 2);  // each partner's list of versions, once
}

TEST(PeriodClosing, ACrashOrOutageAtAnyStepThenARerunClosesOnceWithTheSameReport) {
  FakeAccountApi reference_accounts;
  two_days::FillLedger(reference_accounts);
  FakeTotalsStore reference(kDaily);
  FakeClock clock(kWednesday);
  ASSERT_THAT(CloseToTheEnd(reference_accounts, reference, clock, kMonday), ::testing::IsEmpty());
  ASSERT_THAT(CloseToTheEnd(reference_accounts, reference, clock, kMonday + 1),
              ::testing::IsEmpty());

  const std::set<std::string> failed = testing::EveryCallFailing(
      testing::CrashesAndOutages(), [&](FaultPlan& plan, const testing::StagedFault& fault) {
        FakeAccountApi accounts(&plan);
        two_days::FillLedger(accounts);
        FakeTotalsStore store(kDaily, &plan);
        std::vector<absl::Status> failures = CloseToTheEnd(accounts, store, clock, kMonday);
        for (absl::Status& failure : CloseToTheEnd(accounts, store, clock, kMonday + 1)) {
          failures.push_back(std::move(failure));
        }
        if (!plan.fired()) return;
        SCOPED_TRACE(absl::StrCat(plan.fired_at(), " failed with ", fault.status.ToString()));
        EXPECT_THAT(failures, ::testing::ElementsAre(fault.status));
        EXPECT_EQ(store.reports_kept(), 2);  // each period closed once
        EXPECT_EQ(Serialized(store.periods()), Serialized(reference.periods()));
        for (const absl::CivilDay day : {kMonday, kMonday + 1}) {
          EXPECT_EQ(ReportOf(store, day).SerializeAsString(),
                    ReportOf(reference, day).SerializeAsString());
        }
        EXPECT_EQ(store.day_facts(), reference.day_facts());
        EXPECT_EQ(store.period_totals(), reference.period_totals());
      });
  // Every step failed before and after it acted, in some run.
  std::vector<std::string> steps;
  for (const char* step : {"Cursor", "ListPostings", "ListPartnerTerms", "Apply", "BeginClose",
                           "PeriodTotals", "GetPartner", "IssuedBetween", "FinishClose"}) {
    steps.push_back(absl::StrCat(step, " (before)"));
    steps.push_back(absl::StrCat(step, " (after)"));
  }
  EXPECT_THAT(failed, ::testing::IsSupersetOf(steps));
}

}  // namespace
}  // namespace coalition::settlement
