// Settlement periods through the real binaries (daily periods here): postings priced under the
// terms in force at their time, lines by kind, netting to one payment per partner, a close that
// gives the same report however often it runs, late postings, and partners' access to
// statements. Each test works on a day of its own: it moves the account clock to a fresh day.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/proto_time.h"
#include "settlement/grpc/verify_closed_periods.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using settlement::v1::SettlementAdminService;
using settlement::v1::SettlementService;
using ::testing::HasSubstr;

class SettlementPeriods : public CoalitionTest {
 protected:
  // Every test ends with every closed period's statements checked against the ledger itself.
  void TearDown() override {
    absl::StatusOr<settlement::Verification> verified = settlement::VerifyClosedPeriods(
        platform().account_admin(), platform().settlement_admin(), "operator");
    ASSERT_TRUE(verified.ok()) << verified.status();
    EXPECT_THAT(verified->differences, ::testing::IsEmpty());
  }

  // Moves the account clock to 01:00 UTC of a day after any used so far; returns that day.
  absl::CivilDay StartFreshDay() {
    const absl::CivilDay today = absl::ToCivilDay(AccountNow(), absl::UTCTimeZone());
    const absl::Time target = absl::FromCivil(absl::CivilHour(today + 2) + 1, absl::UTCTimeZone());
    AdvanceAccountClock(target - AccountNow());
    return today + 2;
  }

  // Moves the settlement clock past the end of `day`, so its period may close.
  void EndDay(absl::CivilDay day) {
    const absl::Time after = absl::FromCivil(day + 1, absl::UTCTimeZone()) + absl::Minutes(1);
    const absl::Time now = ClockNow(platform().settlement_clock());
    if (now < after) AdvanceClock(platform().settlement_clock(), after - now);
  }

  // One ClosePeriod call: it follows a bounded part of the ledger (4 postings in these tests).
  CallResult<settlement::v1::Period> CloseStep(absl::CivilDay day) {
    settlement::v1::ClosePeriodRequest request;
    request.set_request_id(UniqueId("close"));
    request.set_period_start(absl::FormatCivilTime(day));
    return Call(platform().settlement_admin(), &SettlementAdminService::Stub::ClosePeriod, request,
                "operator");
  }

  // ClosePeriod until it is done (or refuses).
  CallResult<settlement::v1::Period> Close(absl::CivilDay day) {
    CallResult<settlement::v1::Period> step = CloseStep(day);
    for (int calls = 1; step.status.ok() && step.response.state() == settlement::v1::Period::OPEN;
         ++calls) {
      if (calls > 100'000) {
        step.status = grpc::Status(grpc::StatusCode::INTERNAL, "the close never finished");
        break;
      }
      step = CloseStep(day);
    }
    return step;
  }

  settlement::v1::PeriodReport Report(absl::CivilDay day) {
    settlement::v1::GetPeriodReportRequest request;
    request.set_period_start(absl::FormatCivilTime(day));
    auto report = Call(platform().settlement_admin(),
                       &SettlementAdminService::Stub::GetPeriodReport, request, "operator");
    EXPECT_TRUE(report.status.ok()) << report.status.error_message();
    return report.response;
  }

  static const settlement::v1::PartnerStatement* StatementOf(
      const settlement::v1::PeriodReport& report, const std::string& partner) {
    for (const auto& statement : report.statements()) {
      if (statement.partner_id() == partner) return &statement;
    }
    return nullptr;
  }

  void PublishTerms(const std::string& partner, int64_t issuance_minor, absl::Time effective) {
    admin::v1::PublishPartnerTermsRequest request;
    request.set_request_id(UniqueId("terms"));
    admin::v1::PartnerTerms& terms = *request.mutable_terms();
    terms.set_partner_id(partner);
    terms.mutable_issuance_price()->set_amount_minor(issuance_minor);
    terms.mutable_issuance_price()->set_per_points(1);
    terms.mutable_reimbursement_price()->set_amount_minor(8);
    terms.mutable_reimbursement_price()->set_per_points(10);
    terms.set_breakage_share_bp(5000);
    *terms.mutable_effective_time() = ToProtoTime(effective);
    auto published =
        Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::PublishPartnerTerms,
             request, "operator");
    ASSERT_TRUE(published.status.ok()) << published.status.error_message();
    EXPECT_EQ(published.response.version(), 1);
  }
};

TEST_F(SettlementPeriods, APeriodClosesToPricedLinesOnePaymentPerPartnerAndAZeroSum) {
  const absl::CivilDay day = StartFreshDay();
  const std::string car = NewPartner();    // issues at 1 minor unit per point
  const std::string hotel = NewPartner();  // reimbursed 8 per 10 points
  const std::string member = NewMember();
  ASSERT_EQ(Earn(member, car, 10'000), 100);
  ASSERT_THAT(Redeem(member, hotel, 60, UniqueId("redeem")).status, IsOk());
  // From an hour on, the car rental pays 2 per point.
  PublishTerms(car, 2, AccountNow() + absl::Hours(1));
  AdvanceAccountClock(absl::Hours(2));
  ASSERT_EQ(Earn(member, car, 5'000), 50);

  EndDay(day);
  auto closed = Close(day);
  ASSERT_TRUE(closed.status.ok()) << closed.status.error_message();
  EXPECT_EQ(closed.response.state(), settlement::v1::Period::CLOSED);
  const settlement::v1::PeriodReport report = Report(day);

  const auto* car_statement = StatementOf(report, car);
  ASSERT_NE(car_statement, nullptr);
  ASSERT_EQ(car_statement->lines_size(), 2);
  EXPECT_EQ(car_statement->lines(0).kind(), settlement::v1::ISSUED);
  EXPECT_EQ(car_statement->lines(0).terms_version(), 0);
  EXPECT_EQ(car_statement->lines(0).points(), 100);
  EXPECT_EQ(car_statement->lines(0).amount_minor(), 100);
  EXPECT_EQ(car_statement->lines(1).terms_version(), 1);
  EXPECT_EQ(car_statement->lines(1).points(), 50);
  EXPECT_EQ(car_statement->lines(1).amount_minor(), 100);
  EXPECT_EQ(car_statement->net_amount_minor(), 200);
  EXPECT_EQ(car_statement->payment().direction(), settlement::v1::PaymentInstruction::PARTNER_PAYS);
  EXPECT_EQ(car_statement->payment().amount_minor(), 200);

  const auto* hotel_statement = StatementOf(report, hotel);
  ASSERT_NE(hotel_statement, nullptr);
  ASSERT_EQ(hotel_statement->lines_size(), 1);
  EXPECT_EQ(hotel_statement->lines(0).kind(), settlement::v1::REDEEMED);
  EXPECT_EQ(hotel_statement->lines(0).amount_minor(), -48);
  EXPECT_EQ(hotel_statement->payment().direction(),
            settlement::v1::PaymentInstruction::OPERATOR_PAYS);
  EXPECT_EQ(hotel_statement->payment().amount_minor(), 48);

  // Zero-sum: each partner's cash flow is minus its net; the operator's result takes the rest.
  int64_t flows = 0;
  for (const auto& statement : report.statements()) flows -= statement.net_amount_minor();
  ASSERT_EQ(report.operator_result_size(), 1);
  EXPECT_EQ(flows + report.operator_result(0).amount_minor(), 0);
  EXPECT_EQ(report.operator_result(0).amount_minor(), 152);  // this day's partners only

  // Closing again gives the very same report.
  auto again = Close(day);
  ASSERT_THAT(again.status, IsOk());
  EXPECT_EQ(again.response.closed_at_sequence(), closed.response.closed_at_sequence());
  EXPECT_EQ(Report(day).SerializeAsString(), report.SerializeAsString());
}

TEST_F(SettlementPeriods, AnOpenPeriodsStatementSoFarAgreesWithItsClosedStatement) {
  const absl::CivilDay day = StartFreshDay();
  const std::string car = NewPartner();  // issues at 1 minor unit per point
  const std::string member = NewMember();
  ASSERT_EQ(Earn(member, car, 10'000), 100);
  // From an hour on, the car rental pays 2 per point: its terms change mid-period.
  PublishTerms(car, 2, AccountNow() + absl::Hours(1));
  AdvanceAccountClock(absl::Hours(2));
  ASSERT_EQ(Earn(member, car, 5'000), 50);

  // The ad-hoc statement of the period's days while it is open: 100 at 1 and 50 at 2, as the
  // close prices them (it used to price all 150 at the terms in force when asked: 300).
  settlement::v1::GetStatementRequest request;
  request.set_period_start(absl::FormatCivilTime(day));
  request.set_period_end(absl::FormatCivilTime(day + 1));
  request.set_partner_id(car);
  auto open =
      Call(platform().settlement(), &SettlementService::Stub::GetStatement, request, "operator");
  ASSERT_TRUE(open.status.ok()) << open.status.error_message();
  ASSERT_EQ(open.response.lines_size(), 1);
  EXPECT_EQ(open.response.lines(0).points_issued(), 150);
  EXPECT_EQ(open.response.lines(0).issuance_amount_minor(), 200);
  EXPECT_EQ(open.response.lines(0).net_amount_minor(), 200);

  EndDay(day);
  auto closed = Close(day);
  ASSERT_TRUE(closed.status.ok()) << closed.status.error_message();
  const settlement::v1::PeriodReport report = Report(day);
  const auto* statement = StatementOf(report, car);
  ASSERT_NE(statement, nullptr);
  EXPECT_EQ(statement->net_amount_minor(), open.response.lines(0).net_amount_minor());
  int64_t points = 0;
  for (const auto& line : statement->lines()) points += line.points();
  EXPECT_EQ(points, open.response.lines(0).points_issued());
  // The same days asked again once closed: unchanged.
  auto after =
      Call(platform().settlement(), &SettlementService::Stub::GetStatement, request, "operator");
  ASSERT_TRUE(after.status.ok()) << after.status.error_message();
  EXPECT_EQ(after.response.lines(0).SerializeAsString(),
            open.response.lines(0).SerializeAsString());
}

TEST_F(SettlementPeriods, APostingThatArrivesAfterItsPeriodClosedCountsLateInTheNext) {
  const absl::CivilDay day = StartFreshDay();
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 10'000);
  EndDay(day);
  ASSERT_THAT(Close(day).status, IsOk());
  Earn(member, partner, 3'000);  // the account clock is still on `day`: its business time
  const settlement::v1::PeriodReport closed = Report(day);
  const auto* first = StatementOf(closed, partner);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->lines(0).points(), 100);  // closed: unchanged

  EndDay(day + 1);
  ASSERT_THAT(Close(day + 1).status, IsOk());
  const settlement::v1::PeriodReport next_report = Report(day + 1);
  const auto* next = StatementOf(next_report, partner);
  ASSERT_NE(next, nullptr);
  ASSERT_EQ(next->lines_size(), 1);
  EXPECT_TRUE(next->lines(0).late());
  EXPECT_EQ(next->lines(0).points(), 30);
}

TEST_F(SettlementPeriods, APartnerReadsOnlyItsOwnStatementAndBadClosesAreRefused) {
  const absl::CivilDay day = StartFreshDay();
  const std::string partner = NewPartner();
  const std::string other = NewPartner();
  Earn(NewMember(), partner, 10'000);
  EXPECT_EQ(Close(day).status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);  // not over
  EndDay(day);
  ASSERT_THAT(Close(day).status, IsOk());

  settlement::v1::GetPartnerStatementRequest request;
  request.set_period_start(absl::FormatCivilTime(day));
  request.set_partner_id(partner);
  auto own = Call(platform().settlement(), &SettlementService::Stub::GetPartnerStatement, request,
                  absl::StrCat("partner:", partner));
  ASSERT_TRUE(own.status.ok()) << own.status.error_message();
  EXPECT_EQ(own.response.net_amount_minor(), 100);
  auto theirs = Call(platform().settlement(), &SettlementService::Stub::GetPartnerStatement,
                     request, absl::StrCat("partner:", other));
  EXPECT_EQ(theirs.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  settlement::v1::ClosePeriodRequest bad;
  bad.set_request_id(UniqueId("close"));
  bad.set_period_start("2026-02-30");
  auto refused = Call(platform().settlement_admin(), &SettlementAdminService::Stub::ClosePeriod,
                      bad, "operator");
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.status.error_message(), HasSubstr("period_start"));
}

TEST_F(SettlementPeriods, ACloseInterruptedAfterItBeganIsFinishedByRunningItAgain) {
  const absl::CivilDay day = StartFreshDay();
  const std::string partner = NewPartner();
  Earn(NewMember(), partner, 25'000);
  // A crash right after the close began: the period CLOSING at the cursor, no report yet.
  settlement::v1::GetStatementRequest follow;  // an ad-hoc statement follows the ledger first
  follow.set_period_start(absl::FormatCivilTime(day));
  follow.set_period_end(absl::FormatCivilTime(day + 1));
  ASSERT_TRUE(
      Call(platform().settlement(), &SettlementService::Stub::GetStatement, follow).status.ok());
  auto db = ServiceDb("settlement");
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE(db->Execute(absl::StrCat(
                              "UPDATE periods SET state = 2, closed_at_sequence = (SELECT"
                              " last_sequence FROM follow_cursor) WHERE period_start = '",
                              absl::FormatCivilTime(day), "'"))
                  .ok());

  EndDay(day);
  auto closed = Close(day);
  ASSERT_TRUE(closed.status.ok()) << closed.status.error_message();
  EXPECT_EQ(closed.response.state(), settlement::v1::Period::CLOSED);
  const settlement::v1::PeriodReport report = Report(day);
  const auto* statement = StatementOf(report, partner);
  ASSERT_NE(statement, nullptr);
  EXPECT_EQ(statement->net_amount_minor(), 250);

  // Periods close in order: an earlier one can no longer be.
  auto earlier = Close(day - 10);
  EXPECT_EQ(earlier.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(earlier.status.error_message(), HasSubstr("in order"));
}

TEST_F(SettlementPeriods, ACrashBetweenTheClosesStepsLosesNothingAndTheCloseResumes) {
  const absl::CivilDay day = StartFreshDay();
  const std::string partner = NewPartner();
  for (int i = 0; i < 6; ++i) Earn(NewMember(), partner, 1'000);  // 6 x 10 points
  EndDay(day);
  auto step = CloseStep(day);
  ASSERT_TRUE(step.status.ok()) << step.status.error_message();
  ASSERT_EQ(step.response.state(), settlement::v1::Period::OPEN);  // followed 4 postings of many
  EXPECT_LT(step.response.followed_to_sequence(), step.response.ledger_latest_sequence());

  ASSERT_THAT(platform().CrashAndRestart("settlement"), IsOk());
  EndDay(day);  // its sandbox clock started again from now
  auto closed = Close(day);
  ASSERT_TRUE(closed.status.ok()) << closed.status.error_message();
  const settlement::v1::PeriodReport report = Report(day);
  const auto* statement = StatementOf(report, partner);
  ASSERT_NE(statement, nullptr);
  ASSERT_EQ(statement->lines_size(), 1);
  EXPECT_EQ(statement->lines(0).postings(), 6);
  EXPECT_EQ(statement->lines(0).points(), 60);
  EXPECT_EQ(statement->net_amount_minor(), 60);
}

TEST_F(SettlementPeriods, PartnerTermsTakeEffectAtTheirTimeAndNeverInThePast) {
  const std::string partner = NewPartner();
  PublishTerms(partner, 3, AccountNow() + absl::Minutes(30));
  admin::v1::GetPartnerRequest get;
  get.set_partner_id(partner);
  auto before = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::GetPartner, get);
  ASSERT_THAT(before.status, IsOk());
  EXPECT_EQ(before.response.terms_version(), 0);
  EXPECT_EQ(before.response.issuance_price().amount_minor(), 1);
  AdvanceAccountClock(absl::Hours(1));  // the version was published already: only time moves
  auto after = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::GetPartner, get);
  EXPECT_EQ(after.response.terms_version(), 1);
  EXPECT_EQ(after.response.issuance_price().amount_minor(), 3);
  EXPECT_EQ(after.response.breakage_share_bp(), 5000);

  admin::v1::PublishPartnerTermsRequest late;
  late.set_request_id(UniqueId("terms"));
  *late.mutable_terms() = admin::v1::PartnerTerms();
  late.mutable_terms()->set_partner_id(partner);
  late.mutable_terms()->mutable_issuance_price()->set_amount_minor(1);
  late.mutable_terms()->mutable_issuance_price()->set_per_points(1);
  late.mutable_terms()->mutable_reimbursement_price()->set_amount_minor(1);
  late.mutable_terms()->mutable_reimbursement_price()->set_per_points(1);
  *late.mutable_terms()->mutable_effective_time() = ToProtoTime(AccountNow() - absl::Hours(1));
  auto refused = Call(platform().partners(),
                      &admin::v1::PartnerAdminService::Stub::PublishPartnerTerms, late, "operator");
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.status.error_message(), HasSubstr("terms.effective_time"));
  late.mutable_terms()->clear_effective_time();
  for (const int64_t from : {5000, 1000}) {  // tiers must ascend
    admin::v1::IssuanceTier* tier = late.mutable_terms()->add_issuance_tiers();
    tier->set_from_points(from);
    tier->mutable_price()->set_amount_minor(1);
    tier->mutable_price()->set_per_points(2);
  }
  auto descending =
      Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::PublishPartnerTerms, late,
           "operator");
  EXPECT_EQ(descending.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(descending.status.error_message(), HasSubstr("terms.issuance_tiers[1].from_points"));
  late.mutable_terms()->clear_issuance_tiers();
  late.set_request_id(UniqueId("terms"));
  late.mutable_terms()->set_breakage_share_bp(10'001);
  EXPECT_EQ(Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::PublishPartnerTerms,
                 late, "operator")
                .status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SettlementPeriods, AJointPromotionBillsEachCoFunderItsShareAndGivesItBackOnARefund) {
  const absl::CivilDay day = StartFreshDay();
  const std::string grocer = NewPartner();
  const std::string brand = NewPartner();
  earning::v1::PublishEarnRulesRequest publish;
  publish.set_request_id(UniqueId("rules"));
  earning::v1::EarnRules& rules = *publish.mutable_rules();
  rules.set_partner_id(grocer);
  rules.mutable_base_rate()->set_points(1);
  rules.mutable_base_rate()->set_per_amount_minor(100);
  earning::v1::Promotion& promotion = *rules.add_promotions();
  promotion.set_promotion_id("brand-week");
  *promotion.mutable_start_time() = ToProtoTime(EarningNow() - absl::Hours(1));
  *promotion.mutable_end_time() = ToProtoTime(EarningNow() + absl::Hours(1));
  promotion.set_bonus_bp(10'000);  // double points, half of the bonus paid by the brand
  earning::v1::CostShare* share = promotion.add_cost_shares();
  share->set_partner_id(brand);
  share->set_share_bp(5'000);
  auto published =
      Call(platform().earn_rules(), &earning::v1::EarnRulesAdminService::Stub::PublishEarnRules,
           publish, "operator");
  ASSERT_TRUE(published.status.ok()) << published.status.error_message();

  const std::string member = NewMember();
  earning::v1::RecordPurchaseRequest purchase = PurchaseRequest(member, grocer, 10'000);
  auto bought = Call(platform().earning(), &earning::v1::EarningService::Stub::RecordPurchase,
                     purchase, grocer);
  ASSERT_TRUE(bought.status.ok()) << bought.status.error_message();
  EXPECT_EQ(bought.response.points_earned(), 200);
  ASSERT_EQ(bought.response.breakdown().funding_size(), 2);
  EXPECT_EQ(bought.response.breakdown().funding(1).partner_id(), brand);
  EXPECT_EQ(bought.response.breakdown().funding(1).points(), 50);

  earning::v1::RefundPurchaseRequest refund;
  refund.set_request_id(UniqueId("refund"));
  refund.set_partner_id(grocer);
  refund.set_partner_transaction_id(purchase.partner_transaction_id());
  refund.set_partner_refund_id(UniqueId("r"));
  refund.set_amount_minor(5'000);  // half: 100 points back, 25 of them the brand's
  ASSERT_TRUE(
      Call(platform().earning(), &earning::v1::EarningService::Stub::RefundPurchase, refund, grocer)
          .status.ok());

  EndDay(day);
  ASSERT_THAT(Close(day).status, IsOk());
  const settlement::v1::PeriodReport report = Report(day);
  const auto points_of = [&](const std::string& partner, settlement::v1::FactKind kind) {
    const auto* statement = StatementOf(report, partner);
    int64_t points = 0;
    if (statement == nullptr) return points;
    for (const auto& line : statement->lines()) {
      if (line.kind() == kind) points += line.points();
    }
    return points;
  };
  EXPECT_EQ(points_of(grocer, settlement::v1::ISSUED), 150);
  EXPECT_EQ(points_of(brand, settlement::v1::ISSUED), 50);
  EXPECT_EQ(points_of(grocer, settlement::v1::REVERSED), 75);
  EXPECT_EQ(points_of(brand, settlement::v1::REVERSED), 25);
}

TEST_F(SettlementPeriods, APrePaidPartnerIsBilledForItsBlockAndItsAccrualsDrawItDown) {
  const absl::CivilDay day = StartFreshDay();
  admin::v1::CreatePartnerRequest create;
  create.set_request_id(UniqueId("create-partner"));
  admin::v1::Partner& draft = *create.mutable_partner();
  draft.set_partner_id(UniqueId("p"));
  draft.set_display_name("Pre-paid cinema");
  draft.set_currency("EUR");
  draft.mutable_earn_rate()->set_points(1);
  draft.mutable_earn_rate()->set_per_amount_minor(100);
  draft.mutable_issuance_price()->set_amount_minor(1);
  draft.mutable_issuance_price()->set_per_points(1);
  draft.mutable_reimbursement_price()->set_amount_minor(8);
  draft.mutable_reimbursement_price()->set_per_points(10);
  draft.set_prepaid(true);
  draft.set_low_water_points(50);
  auto created = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::CreatePartner,
                      create, "operator");
  ASSERT_TRUE(created.status.ok()) << created.status.error_message();
  const std::string cinema = created.response.partner_id();
  const std::string member = NewMember();

  const int64_t sequence = LastLedgerSequence();
  auto empty = Call(platform().earning(), &earning::v1::EarningService::Stub::RecordPurchase,
                    PurchaseRequest(member, cinema, 1'000), cinema);
  EXPECT_EQ(empty.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(empty.status.error_message(), HasSubstr("buy a block"));
  EXPECT_EQ(LastLedgerSequence(), sequence);

  admin::v1::BuyPointBlockRequest buy;
  buy.set_request_id(UniqueId("block"));
  buy.set_partner_id(cinema);
  buy.set_points(100);
  auto bought = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::BuyPointBlock,
                     buy, "operator");
  ASSERT_TRUE(bought.status.ok()) << bought.status.error_message();
  EXPECT_EQ(bought.response.prepaid_points(), 100);
  auto again = Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::BuyPointBlock,
                    buy, "operator");
  EXPECT_EQ(again.response.posting_sequence(), bought.response.posting_sequence());

  ASSERT_EQ(Earn(member, cinema, 6'000), 60);  // the block falls to 40, under 50: an alert
  auto over = Call(platform().earning(), &earning::v1::EarningService::Stub::RecordPurchase,
                   PurchaseRequest(member, cinema, 5'000), cinema);
  EXPECT_EQ(over.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(over.status.error_message(), HasSubstr("has 40 points left"));
  ASSERT_EQ(Earn(member, cinema, 1'000), 10);  // still under the mark: no second alert
  admin::v1::ListPartnerAlertsRequest alerts;
  alerts.set_partner_id(cinema);
  auto listed = Call(platform().partners(),
                     &admin::v1::PartnerAdminService::Stub::ListPartnerAlerts, alerts, "operator");
  ASSERT_THAT(listed.status, IsOk());
  ASSERT_EQ(listed.response.alerts_size(), 1);
  EXPECT_EQ(listed.response.alerts(0).prepaid_points(), 40);

  admin::v1::BuyPointBlockRequest post_paid = buy;
  post_paid.set_request_id(UniqueId("block"));
  post_paid.set_partner_id(NewPartner());
  EXPECT_EQ(Call(platform().partners(), &admin::v1::PartnerAdminService::Stub::BuyPointBlock,
                 post_paid, "operator")
                .status.error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  EndDay(day);
  ASSERT_THAT(Close(day).status, IsOk());
  const settlement::v1::PeriodReport report = Report(day);
  const auto* statement = StatementOf(report, cinema);
  ASSERT_NE(statement, nullptr);
  ASSERT_EQ(statement->lines_size(), 1);  // billed for the block, not again for each accrual
  EXPECT_EQ(statement->lines(0).kind(), settlement::v1::ISSUED);
  EXPECT_EQ(statement->lines(0).points(), 100);
  const Books books = ReadBooks();
  EXPECT_EQ(books.accounts_whose_lots_differ, 0);
  EXPECT_EQ(books.unbalanced_postings, 0);
}

// Last in this file: it moves the clocks 25 months on.
TEST_F(SettlementPeriods, ReversalsAndBreakageLandInTheirOwnPeriodsAcrossSeveral) {
  const absl::CivilDay first = StartFreshDay();
  const std::string car = NewPartner();
  const std::string hotel = NewPartner();
  PublishTerms(car, 1, AccountNow());  // version 1: the same prices, and a 50% breakage share
  const std::string member = NewMember();
  earning::v1::RecordPurchaseRequest purchase = PurchaseRequest(member, car, 40'000);
  auto bought =
      Call(platform().earning(), &earning::v1::EarningService::Stub::RecordPurchase, purchase, car);
  ASSERT_TRUE(bought.status.ok()) << bought.status.error_message();  // 400 points

  const absl::CivilDay second = StartFreshDay();
  earning::v1::RefundPurchaseRequest refund;
  refund.set_request_id(UniqueId("refund"));
  refund.set_partner_id(car);
  refund.set_partner_transaction_id(purchase.partner_transaction_id());
  refund.set_partner_refund_id(UniqueId("r"));
  refund.set_amount_minor(10'000);  // a quarter: 100 points back to the car rental
  ASSERT_TRUE(
      Call(platform().earning(), &earning::v1::EarningService::Stub::RefundPurchase, refund, car)
          .status.ok());
  ASSERT_THAT(Redeem(member, hotel, 100, UniqueId("redeem")).status, IsOk());

  // The remaining 200 points expire: breakage of the car rental's issue.
  AdvanceAccountClock(absl::Hours(24 * 31 * 25));
  const absl::CivilDay third = absl::ToCivilDay(AccountNow(), absl::UTCTimeZone());
  auto expired = RunExpiry(UniqueId("expiry"));
  ASSERT_TRUE(expired.status.ok()) << expired.status.error_message();
  while (!expired.response.complete()) expired = RunExpiry(UniqueId("expiry"));

  for (const absl::CivilDay day : {first, second, third}) {
    EndDay(day);
    auto closed = Close(day);
    ASSERT_TRUE(closed.status.ok()) << day << ": " << closed.status.error_message();
  }
  const auto lines_of = [&](absl::CivilDay day, const std::string& partner) {
    const settlement::v1::PeriodReport report = Report(day);
    const auto* statement = StatementOf(report, partner);
    return statement == nullptr ? std::vector<settlement::v1::StatementKindLine>{}
                                : std::vector<settlement::v1::StatementKindLine>(
                                      statement->lines().begin(), statement->lines().end());
  };
  const auto first_lines = lines_of(first, car);
  ASSERT_EQ(first_lines.size(), 1u);
  EXPECT_EQ(first_lines[0].kind(), settlement::v1::ISSUED);
  EXPECT_EQ(first_lines[0].amount_minor(), 400);
  const auto second_lines = lines_of(second, car);
  ASSERT_EQ(second_lines.size(), 1u);
  EXPECT_EQ(second_lines[0].kind(), settlement::v1::REVERSED);
  EXPECT_EQ(second_lines[0].amount_minor(), -100);
  EXPECT_EQ(lines_of(second, hotel).at(0).amount_minor(), -80);
  const auto third_lines = lines_of(third, car);
  ASSERT_EQ(third_lines.size(), 1u);
  EXPECT_EQ(third_lines[0].kind(), settlement::v1::BREAKAGE);
  EXPECT_EQ(third_lines[0].points(), 200);
  EXPECT_EQ(third_lines[0].amount_minor(), -100);  // half of 200 points' issuance value back
}

}  // namespace
}  // namespace coalition::testing
