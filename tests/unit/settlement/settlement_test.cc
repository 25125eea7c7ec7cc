// An open period's statement so far (the ad-hoc GetStatement over its days) and the statement its
// close makes come from the same facts, priced the same way: they agree for the same postings,
// also for a partner whose terms change part way and whose volume crosses a tier.
#include "settlement/settlement.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "settlement/ledger_follower.h"
#include "settlement/partner_terms_cache.h"
#include "settlement/period_closing.h"
#include "settlement/statement_math.h"
#include "tests/fakes/account_api_fake.h"
#include "tests/fakes/totals_store_fake.h"
#include "tests/unit/settlement/two_days_of_ledger.h"

namespace coalition::settlement {
namespace {

using account::FakeAccountApi;
using testing::FakeTotalsStore;
using two_days::kMonday;

class OpenAndClosedStatements : public ::testing::Test {
 protected:
  OpenAndClosedStatements() { two_days::FillLedger(accounts_); }

  v1::StatementLine Line(absl::CivilDay start, absl::CivilDay end, const std::string& partner) {
    v1::GetStatementRequest request;
    request.set_period_start(absl::FormatCivilTime(start));
    request.set_period_end(absl::FormatCivilTime(end));
    request.set_partner_id(partner);
    absl::StatusOr<v1::Statement> statement = settlement_.GetStatement(request);
    EXPECT_TRUE(statement.ok()) << statement.status();
    if (!statement.ok() || statement->lines_size() != 1) {
      ADD_FAILURE() << "no line for " << partner;
      return v1::StatementLine();
    }
    return statement->lines(0);
  }

  v1::PartnerStatement Closed(absl::CivilDay day, const std::string& partner) {
    v1::ClosePeriodRequest close;
    close.set_request_id("close");
    close.set_period_start(absl::FormatCivilTime(day));
    absl::StatusOr<v1::Period> period = closing_.Close(close);
    EXPECT_TRUE(period.ok()) << period.status();
    EXPECT_EQ(period->state(), v1::Period::CLOSED);
    v1::GetPartnerStatementRequest request;
    request.set_period_start(absl::FormatCivilTime(day));
    request.set_partner_id(partner);
    absl::StatusOr<v1::PartnerStatement> statement = closing_.PartnerStatement("operator", request);
    EXPECT_TRUE(statement.ok()) << statement.status();
    return statement.ok() ? *statement : v1::PartnerStatement();
  }

  FakeAccountApi accounts_;
  const PeriodCalendar daily_ = *PeriodCalendar::Parse("daily");
  FakeTotalsStore store_{daily_};
  FakeClock clock_{absl::FromCivil(kMonday + 2, absl::UTCTimeZone()) + absl::Hours(1)};
  PartnerTermsCache terms_{accounts_};
  LedgerFollower follower_{accounts_, store_, terms_};
  Settlement settlement_{store_, follower_, accounts_, terms_, daily_};
  PeriodClosing closing_{store_, follower_, accounts_, terms_, daily_, clock_};
};

TEST_F(OpenAndClosedStatements, AgreeForAPartnerWhoseTermsChangeMidPeriod) {
  // Monday, while its period is open: 300 points under version 0 at 1, 300 under version 1 (100
  // at 2, 200 beyond the 400 tier at 3), 20 reversed at 2, half of 5 expired points at 2 back.
  const v1::StatementLine open = Line(kMonday, kMonday + 1, "car");
  EXPECT_EQ(open.points_issued(), 580);
  EXPECT_EQ(open.issuance_amount_minor(), 1060);
  EXPECT_EQ(open.breakage_share_amount_minor(), 5);
  EXPECT_EQ(open.net_amount_minor(), 1055);

  const v1::PartnerStatement closed = Closed(kMonday, "car");
  EXPECT_EQ(closed.net_amount_minor(), open.net_amount_minor());
  EXPECT_EQ(StatementLineOf({closed}).SerializeAsString(), open.SerializeAsString());
  // And after the close, for the same days.
  EXPECT_EQ(Line(kMonday, kMonday + 1, "car").SerializeAsString(), open.SerializeAsString());

  // Tuesday goes on top of Monday's volume in both.
  const v1::StatementLine tuesday = Line(kMonday + 1, kMonday + 2, "car");
  EXPECT_EQ(tuesday.net_amount_minor(), 1800);
  EXPECT_EQ(Closed(kMonday + 1, "car").net_amount_minor(), tuesday.net_amount_minor());
  // The two days at once are the two periods' sum.
  EXPECT_EQ(Line(kMonday, kMonday + 2, "car").net_amount_minor(), 1055 + 1800);
}

TEST_F(OpenAndClosedStatements, AgreeForARedeemingPartner) {
  const v1::StatementLine open = Line(kMonday, kMonday + 1, "hotel");
  EXPECT_EQ(open.points_redeemed(), 180);
  EXPECT_EQ(open.reimbursement_amount_minor(), 144);
  EXPECT_EQ(Closed(kMonday, "hotel").net_amount_minor(), open.net_amount_minor());
}

TEST(CarriedOverDayTotals, ArePricedAtThePartnersTermsInForceNowAsTheyWere) {
  // Day totals kept before day facts had versions (migrations/0004_day_facts.sql).
  FakeAccountApi accounts;
  admin::v1::Partner car = two_days::PartnerNamed("car");
  car.set_terms_version(1);  // GetPartner: version 1 is in force now
  accounts.AddPartner(car);
  accounts.AddTerms(two_days::CarVersion1());
  const PeriodCalendar monthly = PeriodCalendar::Monthly();
  FakeTotalsStore store(monthly);
  const absl::CivilDay october(2026, 10, 5);
  // Net points issued on a day as ISSUED, a negative net as REVERSED (as the migration does).
  const std::vector<DayFact> carried_over = {
      {"car", v1::ISSUED, kCarriedOverTermsVersion, october, 100, 0},
      {"car", v1::REVERSED, kCarriedOverTermsVersion, october + 1, 5, 0}};
  ASSERT_TRUE(store.Apply(0, 0, carried_over).ok());
  PartnerTermsCache terms(accounts);
  LedgerFollower follower(accounts, store, terms);
  Settlement settlement(store, follower, accounts, terms, monthly);
  v1::GetStatementRequest request;
  request.set_period_start("2026-10-01");
  request.set_period_end("2026-11-01");
  absl::StatusOr<v1::Statement> statement = settlement.GetStatement(request);
  ASSERT_TRUE(statement.ok()) << statement.status();
  ASSERT_EQ(statement->lines_size(), 1);
  EXPECT_EQ(statement->lines(0).points_issued(), 95);
  EXPECT_EQ(statement->lines(0).issuance_amount_minor(), 190);  // at version 1's 2 a point
}

TEST(ParseDay, AcceptsRealDatesOnly) {
  EXPECT_EQ(*ParseDay("period_start", "2026-11-23"), absl::CivilDay(2026, 11, 23));
  EXPECT_THAT(ParseDay("period_start", "2026-02-30").status().message(), ::testing::HasSubstr("period_start"));
  EXPECT_FALSE(ParseDay("period_end", "2026-1-5").ok());
  EXPECT_FALSE(ParseDay("period_end", "yesterday").ok());
}

}  // namespace
}  // namespace coalition::settlement
