// Values a client sends that no service should take (issue 15, "unchecked values"), through the
// partner gateway with real TLS and, where a service serves it, straight to the service too: each
// is INVALID_ARGUMENT naming its field, and nothing moves in the ledger. And a partner configured
// at the API's largest rates, however much it issues, never stops another partner's statement or
// any period from closing.
#include <limits>

#include "coalition/gateway/v1/access.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/limits.h"
#include "services/common/proto_time.h"
#include "settlement/grpc/verify_closed_periods.h"
#include "tests/integration/gateway_fixture.h"

namespace coalition::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
// The API's largest rate term and purchase amount.
constexpr int64_t kMaxAmountMinor = kMaxAmount;

google::protobuf::Timestamp Time(int64_t seconds, int32_t nanos = 0) {
  google::protobuf::Timestamp time;
  time.set_seconds(seconds);
  time.set_nanos(nanos);
  return time;
}

class GatewayValues : public Gateway {
 protected:
  // The gateway of Gateway, but with a rate limit these tests never reach: they make many calls
  // as one identity, and what they check is the answer, not the limiter.
  void SetUp() override {
    if (gateway_port_ == 0) {
      tls_dir_ = absl::StrCat(platform().work_dir(), "/certs");
      MakeCertificates(tls_dir_, {"operator"});
      absl::StatusOr<int> port =
          platform().StartGateway(tls_dir_, {"--rate_per_s=1000", "--rate_burst=1000"});
      ASSERT_TRUE(port.ok()) << port.status();
      gateway_port_ = *port;
    }
    Gateway::SetUp();
  }

  // A partner at `terms`, with a certificate of its own.
  std::string CertifiedPartnerAt(const PartnerTerms& terms) {
    const std::string partner = NewPartner(terms);
    MakeCertificates(tls_dir_, {absl::StrCat("partner:", partner)});
    return partner;
  }

  std::shared_ptr<grpc::Channel> PartnerChannel(const std::string& partner) {
    return ChannelAs(absl::StrCat("partner:", partner));
  }

  // Sends `request` through the gateway (on `gateway_stub`) and, unless `direct` is null, straight
  // to the service as `caller`: both refuse it with INVALID_ARGUMENT and a message that starts
  // with `message`. The edge and the services share one validation (time_validation.h).
  template <typename Stub, typename Request, typename Response>
  void ExpectInvalid(Stub& gateway_stub, Stub* direct, const std::string& caller,
                     grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                     const Request& request, const std::string& message) {
    std::vector<std::pair<std::string, Stub*>> paths = {{"through the gateway", &gateway_stub}};
    if (direct != nullptr) paths.emplace_back("straight to the service", direct);
    for (const auto& [path, stub] : paths) {
      const CallResult<Response> refused = Call(*stub, method, request, caller);
      EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << path << ": " << refused.status.error_message();
      EXPECT_THAT(refused.status.error_message(), StartsWith(message)) << path;
    }
  }

  // Moves the settlement clock past the end of `day`, so its period may close.
  void EndDay(absl::CivilDay day) {
    const absl::Time after = absl::FromCivil(day + 1, absl::UTCTimeZone()) + absl::Minutes(1);
    const absl::Time now = ClockNow(platform().settlement_clock());
    if (now < after) AdvanceClock(platform().settlement_clock(), after - now);
  }

  // Closes, through the gateway as the operator, every open period up to `day` in order (periods
  // close in order), each until it is CLOSED.
  void CloseThrough(settlement::v1::SettlementAdminService::Stub& admin, absl::CivilDay day) {
    settlement::v1::ListPeriodsRequest list;
    list.set_page_size(500);
    auto periods = Call(admin, &settlement::v1::SettlementAdminService::Stub::ListPeriods, list);
    ASSERT_TRUE(periods.status.ok()) << periods.status.error_message();
    std::vector<std::string> starts = {absl::FormatCivilTime(day)};
    for (const settlement::v1::Period& period : periods.response.periods()) {
      if (period.state() == settlement::v1::Period::OPEN &&
          period.period_start() < absl::FormatCivilTime(day)) {
        starts.push_back(period.period_start());
      }
    }
    std::sort(starts.begin(), starts.end());
    for (const std::string& start : starts) {
      settlement::v1::ClosePeriodRequest close;
      close.set_period_start(start);
      for (int call = 0; call < 1000; ++call) {
        close.set_request_id(UniqueId("close"));
        auto closed =
            Call(admin, &settlement::v1::SettlementAdminService::Stub::ClosePeriod, close);
        ASSERT_TRUE(closed.status.ok()) << start << ": " << closed.status.error_message();
        if (closed.response.state() == settlement::v1::Period::CLOSED) break;
        // OPEN: still following a backlog; CLOSING would be the stuck close of the finding.
        ASSERT_EQ(closed.response.state(), settlement::v1::Period::OPEN) << start;
      }
    }
  }
};

TEST_F(GatewayValues, AHoldsTtlIsOneSecondToSevenDaysOrTheDefault) {
  const std::string partner = CertifiedPartner();
  const std::string member = NewMember();
  ASSERT_EQ(Earn(member, partner, 100'000), 1000);  // the partner's relationship with the member
  auto redemption = redemption::v1::RedemptionService::NewStub(PartnerChannel(partner));

  redemption::v1::HoldPointsRequest hold;
  hold.set_partner_id(partner);
  hold.set_member_id(member);
  hold.set_points(100);
  const int64_t sequence = LastLedgerSequence();
  // A hold born expired, a week and a second, and a 68-year hold that would lock the points.
  for (const int32_t ttl_s : {-1, 604'801, std::numeric_limits<int32_t>::max()}) {
    hold.set_request_id(UniqueId("hold"));
    hold.set_ttl_s(ttl_s);
    ExpectInvalid(
        *redemption, &platform().redemption(), partner,
        &redemption::v1::RedemptionService::Stub::HoldPoints, hold,
        absl::StrCat("ttl_s: must be 1 to 604800, or 0 for the default of 900, got ", ttl_s));
  }
  EXPECT_EQ(LastLedgerSequence(), sequence);
  EXPECT_EQ(Balance(member).held_points(), 0);

  // Seven days exactly is the longest hold.
  hold.set_request_id(UniqueId("hold"));
  hold.set_ttl_s(604'800);
  const absl::Time before = ClockNow(platform().redemption_clock());
  auto week = Call(*redemption, &redemption::v1::RedemptionService::Stub::HoldPoints, hold);
  const absl::Time after = ClockNow(platform().redemption_clock());
  ASSERT_TRUE(week.status.ok()) << week.status.error_message();
  const absl::Time expires = absl::FromUnixMicros(ProtoTimeToMicros(week.response.expire_time()));
  EXPECT_GE(expires, before + absl::Hours(24 * 7));
  EXPECT_LE(expires, after + absl::Hours(24 * 7));
  EXPECT_EQ(Balance(member).held_points(), 100);
}

TEST_F(GatewayValues, TimestampsOutsideTheirRangeAreRefusedNamingTheField) {
  const std::string partner = CertifiedPartner();
  const std::string member = NewMember();
  ASSERT_EQ(Earn(member, partner, 10'000), 100);
  auto earning = earning::v1::EarningService::NewStub(PartnerChannel(partner));
  const int64_t sequence = LastLedgerSequence();

  struct BadTime {
    google::protobuf::Timestamp time;
    std::string message;  // after the field's name
  };
  const std::string range = ": must be from 0001-01-01 to 9999-12-31 UTC";
  const std::vector<BadTime> bad_times = {
      {Time(0, -1), ": nanos must be 0 to 999999999, got -1"},
      {Time(0, 1'000'000'000), ": nanos must be 0 to 999999999, got 1000000000"},
      {Time(kMaxTimestampSeconds + 1), range},
      {Time(kMinTimestampSeconds - 1), range},
      // Past what microseconds since the epoch hold: it used to overflow into "now".
      {Time(kInt64Max / 1'000'000 + 1), range},
      {Time(kInt64Max, 999'999'999), range},
      {Time(kInt64Min), range},
  };
  for (const BadTime& bad : bad_times) {
    earning::v1::RecordPurchaseRequest purchase = PurchaseRequest(member, partner, 10'000);
    *purchase.mutable_purchase_time() = bad.time;
    ExpectInvalid(*earning, &platform().earning(), partner,
                  &earning::v1::EarningService::Stub::RecordPurchase, purchase,
                  "purchase_time" + bad.message);
    ExpectInvalid(*earning, &platform().earning(), partner,
                  &earning::v1::EarningService::Stub::QuoteEarn, purchase,
                  "purchase_time" + bad.message);
  }
  // In an end-of-day file: the gateway refuses the whole file naming the purchase; the service
  // itself answers that purchase alone, in its result.
  earning::v1::RecordPurchasesRequest file;
  *file.add_purchases() = PurchaseRequest(member, partner, 100);
  *file.add_purchases() = PurchaseRequest(member, partner, 100);
  *file.mutable_purchases(1)->mutable_purchase_time() = Time(kInt64Max);
  auto refused_file =
      Call(*earning, &earning::v1::EarningService::Stub::RecordPurchases, file, partner);
  EXPECT_EQ(refused_file.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused_file.status.error_message(),
              StartsWith("purchases[1].purchase_time" + range));
  EXPECT_EQ(LastLedgerSequence(), sequence);
  file.mutable_purchases(0)->set_amount_minor(0);  // so the file posts nothing at all directly
  auto answered = Call(platform().earning(), &earning::v1::EarningService::Stub::RecordPurchases,
                       file, partner);
  ASSERT_TRUE(answered.status.ok()) << answered.status.error_message();
  ASSERT_EQ(answered.response.results_size(), 2);
  EXPECT_EQ(answered.response.results(1).code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(answered.response.results(1).message(),
              StartsWith("purchases[1].purchase_time" + range));
  EXPECT_EQ(LastLedgerSequence(), sequence);

  // The operator's effective-dated versions: earn rules (and their promotions), burn terms and
  // partner terms.
  auto operator_channel = ChannelAs("operator");
  auto earn_rules = earning::v1::EarnRulesAdminService::NewStub(operator_channel);
  earning::v1::PublishEarnRulesRequest rules_request;
  rules_request.set_request_id(UniqueId("rules"));
  earning::v1::EarnRules& rules = *rules_request.mutable_rules();
  rules.set_partner_id(partner);
  rules.mutable_base_rate()->set_points(1);
  rules.mutable_base_rate()->set_per_amount_minor(100);
  *rules.mutable_effective_time() = Time(kInt64Max);
  ExpectInvalid(*earn_rules, &platform().earn_rules(), "operator",
                &earning::v1::EarnRulesAdminService::Stub::PublishEarnRules, rules_request,
                "rules.effective_time" + range);
  rules.clear_effective_time();
  earning::v1::Promotion& promotion = *rules.add_promotions();
  promotion.set_promotion_id("forever");
  promotion.set_bonus_bp(10'000);
  *promotion.mutable_start_time() = Time(1'795'000'000, 1'000'000'000);
  *promotion.mutable_end_time() = Time(kInt64Max);
  ExpectInvalid(*earn_rules, &platform().earn_rules(), "operator",
                &earning::v1::EarnRulesAdminService::Stub::PublishEarnRules, rules_request,
                "rules.promotions[0].start_time: nanos must be 0 to 999999999");
  *promotion.mutable_start_time() = Time(1'795'000'000);
  ExpectInvalid(*earn_rules, &platform().earn_rules(), "operator",
                &earning::v1::EarnRulesAdminService::Stub::PublishEarnRules, rules_request,
                "rules.promotions[0].end_time" + range);

  auto burn_terms = redemption::v1::RedemptionAdminService::NewStub(operator_channel);
  redemption::v1::PublishBurnTermsRequest burn_request;
  burn_request.set_request_id(UniqueId("burn"));
  redemption::v1::BurnTerms& burn = *burn_request.mutable_terms();
  burn.set_partner_id(partner);
  burn.set_value_amount_minor(1);
  burn.set_value_per_points(1);
  burn.set_max_bill_share_bp(10'000);
  *burn.mutable_effective_time() = Time(kInt64Min);
  ExpectInvalid(*burn_terms, &platform().redemption_admin(), "operator",
                &redemption::v1::RedemptionAdminService::Stub::PublishBurnTerms, burn_request,
                "terms.effective_time" + range);

  auto partners = admin::v1::PartnerAdminService::NewStub(operator_channel);
  admin::v1::PublishPartnerTermsRequest terms_request;
  terms_request.set_request_id(UniqueId("terms"));
  admin::v1::PartnerTerms& terms = *terms_request.mutable_terms();
  terms.set_partner_id(partner);
  terms.mutable_issuance_price()->set_amount_minor(1);
  terms.mutable_issuance_price()->set_per_points(1);
  terms.mutable_reimbursement_price()->set_amount_minor(1);
  terms.mutable_reimbursement_price()->set_per_points(1);
  *terms.mutable_effective_time() = Time(1'795'000'000, -1);
  ExpectInvalid(*partners, &platform().partners(), "operator",
                &admin::v1::PartnerAdminService::Stub::PublishPartnerTerms, terms_request,
                "terms.effective_time: nanos must be 0 to 999999999, got -1");

  // None of it published anything.
  earning::v1::ListEarnRulesRequest list_rules;
  list_rules.set_partner_id(partner);
  EXPECT_EQ(Call(*earn_rules, &earning::v1::EarnRulesAdminService::Stub::ListEarnRules, list_rules)
                .response.versions_size(),
            0);
  redemption::v1::ListBurnTermsRequest list_burn;
  list_burn.set_partner_id(partner);
  EXPECT_EQ(
      Call(*burn_terms, &redemption::v1::RedemptionAdminService::Stub::ListBurnTerms, list_burn)
          .response.versions_size(),
      0);
  admin::v1::ListPartnerTermsRequest list_terms;
  list_terms.set_partner_id(partner);
  EXPECT_EQ(Call(*partners, &admin::v1::PartnerAdminService::Stub::ListPartnerTerms, list_terms)
                .response.versions_size(),
            1);  // version 0, its onboarding rates
  EXPECT_EQ(LastLedgerSequence(), sequence);
}

TEST_F(GatewayValues, AnApiKeysExpiryAndOverlapAreValidTimesWithinTheirBounds) {
  using Access = gateway::v1::AccessService;
  auto access = Access::NewStub(ChannelAs("operator"));
  const std::string identity = absl::StrCat("partner:", NewPartner());
  gateway::v1::IssueApiKeyRequest issue;
  issue.set_request_id(UniqueId("issue"));
  issue.set_identity(identity);
  *issue.mutable_expire_time() = Time(kInt64Max);
  ExpectInvalid<Access::Stub>(*access, nullptr, "operator", &Access::Stub::IssueApiKey, issue,
                              "expire_time: must be from 0001-01-01 to 9999-12-31 UTC");
  *issue.mutable_expire_time() = Time(1'795'000'000, 1'000'000'000);
  ExpectInvalid<Access::Stub>(*access, nullptr, "operator", &Access::Stub::IssueApiKey, issue,
                              "expire_time: nanos must be 0 to 999999999");
  gateway::v1::ListApiKeysRequest list;
  list.set_identity(identity);
  EXPECT_EQ(Call(*access, &Access::Stub::ListApiKeys, list).response.keys_size(), 0);

  issue.clear_expire_time();
  auto issued = Call(*access, &Access::Stub::IssueApiKey, issue);
  ASSERT_TRUE(issued.status.ok()) << issued.status.error_message();
  gateway::v1::RotateApiKeyRequest rotate;
  rotate.set_key_id(issued.response.key().key_id());
  struct BadOverlap {
    int64_t seconds;
    int32_t nanos;
    std::string message;
  };
  for (const BadOverlap& bad : std::vector<BadOverlap>{
           {1, -5, "old_key_valid_for: not a valid Duration (seconds 1, nanos -5)"},
           {kInt64Max, 0, "old_key_valid_for: not a valid Duration"},
           {30 * 86'400 + 1, 0, "old_key_valid_for: must be 0 to 30 days, got 720h1s"},
           {-1, 0, "old_key_valid_for: must be 0 to 30 days, got -1s"},
       }) {
    rotate.set_request_id(UniqueId("rotate"));
    rotate.mutable_old_key_valid_for()->set_seconds(bad.seconds);
    rotate.mutable_old_key_valid_for()->set_nanos(bad.nanos);
    ExpectInvalid<Access::Stub>(*access, nullptr, "operator", &Access::Stub::RotateApiKey, rotate,
                                bad.message);
  }
  rotate.set_request_id(UniqueId("rotate"));
  rotate.clear_old_key_valid_for();
  *rotate.mutable_expire_time() = Time(kMinTimestampSeconds - 1);
  ExpectInvalid<Access::Stub>(*access, nullptr, "operator", &Access::Stub::RotateApiKey, rotate,
                              "expire_time: must be from 0001-01-01 to 9999-12-31 UTC");
  // Still the one key, never replaced.
  auto keys = Call(*access, &Access::Stub::ListApiKeys, list);
  ASSERT_EQ(keys.response.keys_size(), 1);
  EXPECT_EQ(keys.response.keys(0).replaced_by_key_id(), "");
}

TEST_F(GatewayValues, APartnerAtTheApiMaximumRatesBlocksNoOtherPartnerAndNoLaterPeriod) {
  // 10^9 minor units a point both ways, and a point per minor unit spent: one purchase at the
  // largest amount issues 10^12 points, worth 10^21 minor units, beyond 64 bits.
  PartnerTerms maximum;
  maximum.earn_points = 1;
  maximum.earn_per_amount_minor = 1;
  maximum.issuance_amount_minor = kMaxRateTerm;
  maximum.reimbursement_amount_minor = kMaxRateTerm;
  maximum.reimbursement_per_points = 1;
  const std::string extreme = CertifiedPartnerAt(maximum);
  const std::string normal = CertifiedPartner();  // 1 point per 1.00, issued at 1 minor a point
  const std::string member = NewMember();
  auto extreme_earning = earning::v1::EarningService::NewStub(PartnerChannel(extreme));
  for (int i = 0; i < 2; ++i) {
    auto earned = Call(*extreme_earning, &earning::v1::EarningService::Stub::RecordPurchase,
                       PurchaseRequest(member, extreme, kMaxAmountMinor));
    ASSERT_TRUE(earned.status.ok()) << earned.status.error_message();
    ASSERT_EQ(earned.response.points_earned(), kMaxAmountMinor);
  }
  ASSERT_EQ(Earn(member, normal, 10'000), 100);
  // 10^10 points spent there would be owed 10^19 minor units, beyond 64 bits: refused before
  // anything is spent (it used to be posted, then fail on every retry).
  const int64_t sequence = LastLedgerSequence();
  auto too_costly = Call(*redemption::v1::RedemptionService::NewStub(PartnerChannel(extreme)),
                         &redemption::v1::RedemptionService::Stub::Redeem, [&] {
                           redemption::v1::RedeemRequest redeem;
                           redeem.set_request_id(UniqueId("redeem"));
                           redeem.set_partner_id(extreme);
                           redeem.set_member_id(member);
                           redeem.set_points(10'000'000'000);
                           return redeem;
                         }());
  EXPECT_EQ(too_costly.status.error_code(), grpc::StatusCode::OUT_OF_RANGE)
      << too_costly.status.error_message();
  EXPECT_EQ(LastLedgerSequence(), sequence);
  ASSERT_THAT(Redeem(member, extreme, 1, UniqueId("redeem")).status, IsOk());
  ASSERT_THAT(Redeem(member, normal, 10, UniqueId("redeem")).status, IsOk());
  const absl::CivilDay day = absl::ToCivilDay(AccountNow(), absl::UTCTimeZone());

  auto operator_channel = ChannelAs("operator");
  auto settlement_service = settlement::v1::SettlementService::NewStub(operator_channel);
  auto settlement_admin = settlement::v1::SettlementAdminService::NewStub(operator_channel);

  // The ad-hoc statement: the extreme partner's line is unpriced; everyone else's is priced.
  settlement::v1::GetStatementRequest statement_request;
  statement_request.set_period_start(absl::FormatCivilTime(day));
  statement_request.set_period_end(absl::FormatCivilTime(day + 1));
  auto statement = Call(*settlement_service, &settlement::v1::SettlementService::Stub::GetStatement,
                        statement_request);
  ASSERT_TRUE(statement.status.ok()) << statement.status.error_message();
  bool saw_extreme = false;
  bool saw_normal = false;
  for (const settlement::v1::StatementLine& line : statement.response.lines()) {
    if (line.partner_id() == extreme) {
      saw_extreme = true;
      EXPECT_THAT(line.unpriced_reason(),
                  HasSubstr("ISSUED at terms version 0 comes to 2000000000000000000000"));
      EXPECT_EQ(line.points_issued(), 2 * kMaxAmountMinor);
      EXPECT_EQ(line.issuance_amount_minor(), 0);
    } else if (line.partner_id() == normal) {
      saw_normal = true;
      EXPECT_EQ(line.unpriced_reason(), "");
      EXPECT_EQ(line.issuance_amount_minor(), 100);
      EXPECT_EQ(line.reimbursement_amount_minor(), 8);
      EXPECT_EQ(line.net_amount_minor(), 92);
    } else {
      EXPECT_EQ(line.unpriced_reason(), "") << line.partner_id();
    }
  }
  EXPECT_TRUE(saw_extreme);
  EXPECT_TRUE(saw_normal);
  EXPECT_EQ(statement.response.operator_margin_size(), 1);

  // The liability report: the extreme partner's share is named and left out, the rest priced.
  auto liability =
      Call(*settlement_admin, &settlement::v1::SettlementAdminService::Stub::GetLiabilityReport,
           settlement::v1::GetLiabilityReportRequest());
  ASSERT_TRUE(liability.status.ok()) << liability.status.error_message();
  EXPECT_THAT(liability.response.unpriced_partner_ids(), Contains(extreme));
  EXPECT_THAT(liability.response.unpriced_partner_ids(), ::testing::Not(Contains(normal)));
  EXPECT_EQ(liability.response.redemption_cost_size(), 1);

  // The period closes (never sticks in CLOSING), with the normal partner's statement priced.
  EndDay(day);
  CloseThrough(*settlement_admin, day);
  settlement::v1::GetPartnerStatementRequest own;
  own.set_period_start(absl::FormatCivilTime(day));
  own.set_partner_id(normal);
  auto normal_statement = Call(*settlement::v1::SettlementService::NewStub(PartnerChannel(normal)),
                               &settlement::v1::SettlementService::Stub::GetPartnerStatement, own);
  ASSERT_TRUE(normal_statement.status.ok()) << normal_statement.status.error_message();
  EXPECT_EQ(normal_statement.response.unpriced_reason(), "");
  EXPECT_EQ(normal_statement.response.net_amount_minor(), 92);  // 100 issued, 8 reimbursed
  EXPECT_EQ(normal_statement.response.payment().direction(),
            settlement::v1::PaymentInstruction::PARTNER_PAYS);
  EXPECT_EQ(normal_statement.response.payment().amount_minor(), 92);
  // The extreme partner sees why its own statement carries no amounts.
  own.set_partner_id(extreme);
  auto extreme_statement =
      Call(*settlement::v1::SettlementService::NewStub(PartnerChannel(extreme)),
           &settlement::v1::SettlementService::Stub::GetPartnerStatement, own);
  ASSERT_TRUE(extreme_statement.status.ok()) << extreme_statement.status.error_message();
  EXPECT_THAT(extreme_statement.response.unpriced_reason(),
              HasSubstr("ISSUED at terms version 0 comes to 2000000000000000000000 minor units"));
  EXPECT_EQ(extreme_statement.response.payment().direction(),
            settlement::v1::PaymentInstruction::UNPRICED);
  ASSERT_FALSE(extreme_statement.response.lines().empty());
  EXPECT_EQ(extreme_statement.response.lines(0).points(), 2 * kMaxAmountMinor);

  // The next period, both partners issuing again, closes too.
  const absl::Time next_day = absl::FromCivil(absl::CivilHour(day + 1) + 1, absl::UTCTimeZone());
  if (AccountNow() < next_day) AdvanceAccountClock(next_day - AccountNow());
  ASSERT_EQ(Earn(member, normal, 5'000), 50);
  ASSERT_EQ(Earn(member, extreme, kMaxAmountMinor), kMaxAmountMinor);
  EndDay(day + 1);
  CloseThrough(*settlement_admin, day + 1);
  own.set_period_start(absl::FormatCivilTime(day + 1));
  own.set_partner_id(normal);
  auto next_statement =
      Call(*settlement_service, &settlement::v1::SettlementService::Stub::GetPartnerStatement, own);
  ASSERT_TRUE(next_statement.status.ok()) << next_statement.status.error_message();
  EXPECT_EQ(next_statement.response.net_amount_minor(), 50);

  // And what closed agrees with the ledger, the unpriced statement's points included.
  absl::StatusOr<settlement::Verification> verified = settlement::VerifyClosedPeriods(
      platform().account_admin(), platform().settlement_admin(), "operator");
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_THAT(verified->differences, IsEmpty());
}

}  // namespace
}  // namespace coalition::testing
