// coalition-scenario: a short coalition day against a running platform. Three partners join;
// a member earns at CarRental, spends at Hotel, holds and captures at Grocer; then her summary,
// the settlement statement for today and, on a sandbox clock, two years later, the expiry run.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "coalition/account/v1/account.grpc.pb.h"
#include "coalition/admin/v1/admin.grpc.pb.h"
#include "coalition/earning/v1/earning.grpc.pb.h"
#include "coalition/gateway/v1/access.grpc.pb.h"
#include "coalition/redemption/v1/redemption.grpc.pb.h"
#include "coalition/sandbox/v1/sandbox.grpc.pb.h"
#include "coalition/settlement/v1/settlement.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "partner-gateway/grpc/client_channel.h"
#include "services/common/grpc/call_context.h"
#include "services/common/grpc/unary_call.h"
#include "services/common/proto_time.h"
#include "settlement/grpc/verify_closed_periods.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "the platform (coalition-all) or its gateway");
ABSL_FLAG(std::string, tls_dir, "",
          "through the gateway: ca.pem and each caller's certificate (scripts/certs.sh); each "
          "call then goes over mutual TLS as its caller");

// Before the scenario's short names for the API packages, which would hide this one.
namespace scenario_settlement {
absl::StatusOr<coalition::settlement::Verification> Verify(
    const std::shared_ptr<grpc::Channel>& channel) {
  auto ledger = coalition::account::v1::AccountAdminService::NewStub(channel);
  auto admin = coalition::settlement::v1::SettlementAdminService::NewStub(channel);
  return coalition::settlement::VerifyClosedPeriods(*ledger, *admin, "operator");
}
}  // namespace scenario_settlement

namespace coalition {
namespace {

namespace account = account::v1;
namespace admin = admin::v1;
namespace earning = earning::v1;
namespace redemption = redemption::v1;
namespace sandbox = sandbox::v1;
namespace settlement = settlement::v1;

// The channel a caller uses: plain to the platform, or mutual TLS to the gateway with the
// caller's own certificate ("operator", "mobile", or a partner's id), one per caller.
std::shared_ptr<grpc::Channel> ChannelFor(absl::string_view caller) {
  const std::string dir = absl::GetFlag(FLAGS_tls_dir);
  if (dir.empty()) {
    static const auto plain =
        grpc::CreateChannel(absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials());
    return plain;
  }
  static auto* channels = new std::map<std::string, std::shared_ptr<grpc::Channel>>();
  const std::string identity = caller == "operator" ? "operator"
                               : caller == "mobile" ? "mobile:app"
                                                    : absl::StrCat("partner:", caller);
  auto& channel = (*channels)[identity];
  if (channel == nullptr) {
    channel = gateway::GatewayChannel(absl::GetFlag(FLAGS_target), dir, identity);
  }
  return channel;
}

// Calls `method` as `caller`; exits with the gRPC status if it fails (a demo has no recovery).
// Through the gateway the call goes on the caller's own channel: its certificate is who it is.
template <typename Stub, typename Request, typename Response>
Response Call(const char* what, absl::string_view caller, Stub& stub,
              grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
              const Request& request) {
  Response response;
  Stub as_caller(ChannelFor(caller));
  Stub& used = absl::GetFlag(FLAGS_tls_dir).empty() ? stub : as_caller;
  const grpc::Status status = UnaryCallStatus(used, method, request, response,
                                              {.caller = caller, .timeout = absl::Seconds(10)});
  if (!status.ok()) {
    std::fprintf(stderr, "%s failed: %d %s\n", what, status.error_code(),
                 status.error_message().c_str());
    std::exit(1);
  }
  return response;
}

std::string Money(const std::string& currency, int64_t minor) {
  const int64_t magnitude = minor < 0 ? -minor : minor;
  return absl::StrFormat("%s %s%d.%02d", currency, minor < 0 ? "-" : "", magnitude / 100,
                         magnitude % 100);
}

admin::Partner MakePartner(const std::string& id, const std::string& name, int64_t earn_points,
                           int64_t per_amount_minor, int64_t issue_minor, int64_t issue_per,
                           int64_t reimburse_minor, int64_t reimburse_per) {
  admin::Partner partner;
  partner.set_partner_id(id);
  partner.set_display_name(name);
  partner.set_currency("EUR");
  partner.mutable_earn_rate()->set_points(earn_points);
  partner.mutable_earn_rate()->set_per_amount_minor(per_amount_minor);
  partner.mutable_issuance_price()->set_amount_minor(issue_minor);
  partner.mutable_issuance_price()->set_per_points(issue_per);
  partner.mutable_reimbursement_price()->set_amount_minor(reimburse_minor);
  partner.mutable_reimbursement_price()->set_per_points(reimburse_per);
  return partner;
}

void PrintBalance(account::AccountService::Stub& accounts, const std::string& member_id) {
  account::GetBalanceRequest request;
  request.set_member_id(member_id);
  account::Balance balance =
      Call("GetBalance", "mobile", accounts, &account::AccountService::Stub::GetBalance, request);
  std::printf("  balance: %lld available, %lld held\n",
              static_cast<long long>(balance.available_points()),
              static_cast<long long>(balance.held_points()));
}

std::string Date(const google::protobuf::Timestamp& time) {
  return absl::FormatCivilTime(
      absl::ToCivilDay(absl::FromUnixMicros(ProtoTimeToMicros(time)), absl::UTCTimeZone()));
}

// The platform's business time, if it runs on a sandbox clock (the quick start does).
std::optional<absl::Time> SandboxNow(sandbox::SandboxClockService::Stub& clock) {
  const absl::StatusOr<sandbox::ClockTime> now = UnaryCall(
      clock, &sandbox::SandboxClockService::Stub::GetClockTime, sandbox::GetClockTimeRequest{},
      {.caller = "operator", .timeout = absl::Seconds(10)});
  if (!now.ok()) return std::nullopt;
  return absl::FromUnixMicros(ProtoTimeToMicros(now->now()));
}

void PrintSummary(account::AccountService::Stub& accounts, const std::string& member_id) {
  account::GetMemberSummaryRequest request;
  request.set_member_id(member_id);
  request.set_transaction_count(1);
  const account::MemberSummary summary =
      Call("GetMemberSummary", "mobile", accounts, &account::AccountService::Stub::GetMemberSummary,
           request);
  std::printf("  summary: %lld available, %lld held; tier %s (%lld qualifying points",
              static_cast<long long>(summary.available_points()),
              static_cast<long long>(summary.held_points()), summary.tier().display_name().c_str(),
              static_cast<long long>(summary.tier().qualifying_points()));
  if (!summary.tier().next_tier_id().empty()) {
    std::printf("; %lld more to %s", static_cast<long long>(summary.tier().points_to_next_tier()),
                summary.tier().next_tier_id().c_str());
  }
  std::printf(")\n");
  for (const account::ExpiringPoints& expiring : summary.next_expiring()) {
    std::printf("  %lld points expire on %s\n", static_cast<long long>(expiring.points()),
                Date(expiring.expire_time()).c_str());
  }
  for (const account::Transaction& t : summary.recent_transactions()) {
    std::printf("  last: #%lld %s %+lld %s\n", static_cast<long long>(t.sequence()),
                account::PostingType_Name(t.type()).c_str(), static_cast<long long>(t.points()),
                t.partner_id().c_str());
  }
}

int Run() {
  auto channel = ChannelFor("operator");
  auto partners = admin::PartnerAdminService::NewStub(channel);
  auto accounts = account::AccountService::NewStub(channel);
  auto earnings = earning::EarningService::NewStub(channel);
  auto redemptions = redemption::RedemptionService::NewStub(channel);
  auto settlements = settlement::SettlementService::NewStub(channel);
  auto accounts_admin = account::AccountAdminService::NewStub(channel);
  auto clock = sandbox::SandboxClockService::NewStub(channel);
  auto earn_rules = earning::EarnRulesAdminService::NewStub(channel);
  const std::optional<absl::Time> sandbox_now = SandboxNow(*clock);
  const std::string run = absl::StrCat(absl::ToUnixMicros(absl::Now()));

  std::printf("1. The operator onboards three partners (fixed request ids: re-runs return them)\n");
  for (const admin::Partner& partner :
       {MakePartner("car-rental", "CarRental", 2, 100, 1, 1, 8, 10),  // 2 pts/EUR; 1.0 ct; 0.8 ct
        MakePartner("hotel", "Hotel", 1, 100, 1, 1, 8, 10),           // 1 pt/EUR;  1.0 ct; 0.8 ct
        MakePartner("grocer", "Grocer", 1, 200, 12, 10, 9, 10)}) {    // 1 pt/2EUR; 1.2 ct; 0.9 ct
    admin::CreatePartnerRequest request;
    request.set_request_id(absl::StrCat("scenario-partner-", partner.partner_id()));
    *request.mutable_partner() = partner;
    admin::Partner created = Call("CreatePartner", "operator", *partners,
                                  &admin::PartnerAdminService::Stub::CreatePartner, request);
    std::printf(
        "  %-10s earns %lld pt per %s, issues at %lld/%lld minor per pt, reimbursed at "
        "%lld/%lld\n",
        created.partner_id().c_str(), static_cast<long long>(created.earn_rate().points()),
        Money("EUR", created.earn_rate().per_amount_minor()).c_str(),
        static_cast<long long>(created.issuance_price().amount_minor()),
        static_cast<long long>(created.issuance_price().per_points()),
        static_cast<long long>(created.reimbursement_price().amount_minor()),
        static_cast<long long>(created.reimbursement_price().per_points()));
  }

  if (!absl::GetFlag(FLAGS_tls_dir).empty()) {
    // Through the gateway a mobile backend reads only the members the operator lets it see.
    gateway::v1::SetMobileBackendRequest app;
    app.set_request_id("scenario-mobile-app");
    app.mutable_backend()->set_mobile_id("app");
    app.mutable_backend()->set_all_members(true);
    auto access = gateway::v1::AccessService::NewStub(channel);
    Call("SetMobileBackend", "operator", *access,
         &gateway::v1::AccessService::Stub::SetMobileBackend, app);
    std::printf("  the coalition's own app (mobile:app) may read every member\n");
  }

  account::SetTierLadderRequest ladder;
  ladder.set_request_id("scenario-tier-ladder");
  ladder.set_window_months(12);
  for (const auto& [id, name, points] :
       {std::tuple{"classic", "Classic", 0}, std::tuple{"silver", "Silver", 400},
        std::tuple{"gold", "Gold", 2000}}) {
    account::TierLevel* level = ladder.add_levels();
    level->set_tier_id(id);
    level->set_display_name(name);
    level->set_qualifying_points(points);
    level->set_earn_multiplier_bp(10'000);
  }
  const account::TierLadder published =
      Call("SetTierLadder", "operator", *accounts_admin,
           &account::AccountAdminService::Stub::SetTierLadder, ladder);
  std::printf("  tiers (ladder v%lld): Classic, Silver from 400, Gold from 2000 points a year\n",
              static_cast<long long>(published.version()));

  // The Grocer's rules from now on: its enrollment rate, and double points on groceries all week.
  const absl::Time now = sandbox_now.value_or(absl::Now());
  earning::PublishEarnRulesRequest rules;
  rules.set_request_id(absl::StrCat("scenario-grocer-rules-", run));
  earning::EarnRules& grocer = *rules.mutable_rules();
  grocer.set_partner_id("grocer");
  grocer.mutable_base_rate()->set_points(1);
  grocer.mutable_base_rate()->set_per_amount_minor(200);
  earning::Promotion& week = *grocer.add_promotions();
  week.set_promotion_id("double-groceries-week");
  *week.mutable_start_time() = ToProtoTime(now - absl::Hours(1));
  *week.mutable_end_time() = ToProtoTime(now + absl::Hours(24 * 7));
  week.set_category("groceries");
  week.set_bonus_bp(10'000);
  const earning::EarnRules grocer_rules =
      Call("PublishEarnRules", "operator", *earn_rules,
           &earning::EarnRulesAdminService::Stub::PublishEarnRules, rules);
  std::printf(
      "  grocer rules v%lld: 1 pt per EUR 2.00, promotion %s doubles groceries for a week\n",
      static_cast<long long>(grocer_rules.version()), week.promotion_id().c_str());

  std::printf("2. CarRental enrolls a member\n");
  account::EnrollMemberRequest enroll;
  enroll.set_request_id(absl::StrCat("scenario-enroll-", run));
  enroll.set_display_name("Ada Lovelace");
  enroll.set_email("ada@example.com");
  enroll.set_partner_id("car-rental");
  account::Member member = Call("EnrollMember", "car-rental", *accounts,
                                &account::AccountService::Stub::EnrollMember, enroll);
  std::printf("  member %s\n", member.member_id().c_str());

  std::printf("3. She rents a car for EUR 250.00 and buys groceries for EUR 37.00\n");
  for (const auto& [partner, amount, category] :
       {std::tuple{"car-rental", 25000, "car-rental"}, std::tuple{"grocer", 3700, "groceries"}}) {
    earning::RecordPurchaseRequest purchase;
    purchase.set_request_id(absl::StrCat("scenario-purchase-", partner, "-", run));
    purchase.set_partner_id(partner);
    purchase.set_member_id(member.member_id());
    purchase.set_amount_minor(amount);
    purchase.set_currency("EUR");
    purchase.set_category(category);
    purchase.set_partner_transaction_id(absl::StrCat("T-", run));
    earning::Purchase recorded = Call("RecordPurchase", partner, *earnings,
                                      &earning::EarningService::Stub::RecordPurchase, purchase);
    std::printf("  %-10s %s -> %lld points (posting #%lld)\n", partner,
                Money("EUR", amount).c_str(), static_cast<long long>(recorded.points_earned()),
                static_cast<long long>(recorded.posting_sequence()));
    for (const earning::EarnBreakdown::Line& line : recorded.breakdown().lines()) {
      const int64_t mp = line.millipoints();
      std::printf("      %-16s %s%lld.%03lld  %s\n",
                  earning::EarnBreakdown::Line::Kind_Name(line.kind()).c_str(), mp < 0 ? "-" : "+",
                  static_cast<long long>((mp < 0 ? -mp : mp) / 1000),
                  static_cast<long long>((mp < 0 ? -mp : mp) % 1000), line.rule().c_str());
    }
  }
  PrintBalance(*accounts, member.member_id());
  account::ListTierChangesRequest tier_history;
  tier_history.set_member_id(member.member_id());
  const account::ListTierChangesResponse tier_changes =
      Call("ListTierChanges", "mobile", *accounts, &account::AccountService::Stub::ListTierChanges,
           tier_history);
  for (const account::TierChange& change : tier_changes.changes()) {
    std::printf("  tier upgrade: %s -> %s at %lld qualifying points, the moment she crossed it\n",
                change.from_tier_id().c_str(), change.to_tier_id().c_str(),
                static_cast<long long>(change.qualifying_points()));
  }

  std::printf("4. She spends 400 points at the Hotel; the Hotel's retry changes nothing\n");
  redemption::RedeemRequest redeem;
  redeem.set_request_id(absl::StrCat("scenario-redeem-", run));
  redeem.set_partner_id("hotel");
  redeem.set_member_id(member.member_id());
  redeem.set_points(400);
  redemption::Redemption first =
      Call("Redeem", "hotel", *redemptions, &redemption::RedemptionService::Stub::Redeem, redeem);
  redemption::Redemption retry =
      Call("Redeem", "hotel", *redemptions, &redemption::RedemptionService::Stub::Redeem, redeem);
  std::printf(
      "  redemption %s (posting #%lld); retry returned %s\n", first.redemption_id().c_str(),
      static_cast<long long>(first.posting_sequence()),
      retry.redemption_id() == first.redemption_id() ? "the same redemption" : "SOMETHING ELSE");
  PrintBalance(*accounts, member.member_id());

  std::printf("4b. CarRental refunds EUR 25.00 of the rental: its share of the points goes back\n");
  earning::RefundPurchaseRequest refund;
  refund.set_request_id(absl::StrCat("scenario-refund-", run));
  refund.set_partner_id("car-rental");
  refund.set_partner_transaction_id(absl::StrCat("T-", run));
  refund.set_partner_refund_id(absl::StrCat("R-", run));
  refund.set_amount_minor(2500);
  const earning::Refund refunded = Call("RefundPurchase", "car-rental", *earnings,
                                        &earning::EarningService::Stub::RefundPurchase, refund);
  std::printf("  refund %s: %lld of %lld points due reversed (posting #%lld)\n",
              refunded.refund_id().c_str(), static_cast<long long>(refunded.points_reversed()),
              static_cast<long long>(refunded.points_due()),
              static_cast<long long>(refunded.posting_sequence()));
  PrintBalance(*accounts, member.member_id());

  std::printf(
      "5. Hotel, which issued none of her points, holds 60 at check-in and captures 45 at "
      "check-out\n");
  redemption::HoldPointsRequest hold_request;
  hold_request.set_request_id(absl::StrCat("scenario-hold-", run));
  hold_request.set_partner_id("hotel");
  hold_request.set_member_id(member.member_id());
  hold_request.set_points(60);
  redemption::Hold hold = Call("HoldPoints", "hotel", *redemptions,
                               &redemption::RedemptionService::Stub::HoldPoints, hold_request);
  PrintBalance(*accounts, member.member_id());
  redemption::CapturePointsRequest capture;
  capture.set_request_id(absl::StrCat("scenario-capture-", run));
  capture.set_hold_id(hold.hold_id());
  capture.set_points(45);
  hold = Call("CapturePoints", "hotel", *redemptions,
              &redemption::RedemptionService::Stub::CapturePoints, capture);
  std::printf("  hold %s %s: %lld of %lld points; the operator owes Hotel %s for them\n",
              hold.hold_id().c_str(), redemption::Hold::State_Name(hold.state()).c_str(),
              static_cast<long long>(hold.captured_points()), static_cast<long long>(hold.points()),
              Money(hold.reimbursement().currency(), hold.reimbursement().amount_minor()).c_str());
  PrintBalance(*accounts, member.member_id());

  std::printf("5b. Hotel takes the minibar off the bill: 15 of the 45 points go back to her\n");
  redemption::RefundRedemptionRequest give_back;
  give_back.set_request_id(absl::StrCat("scenario-minibar-", run));
  give_back.set_hold_id(hold.hold_id());
  give_back.set_points(15);
  give_back.set_reason("minibar charge removed");
  const redemption::RedemptionRefund returned =
      Call("RefundRedemption", "hotel", *redemptions,
           &redemption::RedemptionService::Stub::RefundRedemption, give_back);
  std::printf("  refund %s: %lld points back (posting #%lld), Hotel is owed %s less\n",
              returned.refund_id().c_str(), static_cast<long long>(returned.points()),
              static_cast<long long>(returned.posting_sequence()),
              Money(returned.currency(), -returned.reimbursement_minor()).c_str());
  PrintBalance(*accounts, member.member_id());

  std::printf("6. Her app's first screen, then her history, newest first\n");
  PrintSummary(*accounts, member.member_id());
  account::ListTransactionsRequest history;
  history.set_member_id(member.member_id());
  const account::ListTransactionsResponse transactions =
      Call("ListTransactions", "mobile", *accounts,
           &account::AccountService::Stub::ListTransactions, history);
  for (const account::Transaction& t : transactions.transactions()) {
    std::printf("  #%-5lld %-8s %+6lld  %s\n", static_cast<long long>(t.sequence()),
                account::PostingType_Name(t.type()).c_str(), static_cast<long long>(t.points()),
                t.partner_id().c_str());
  }

  const absl::CivilDay today =
      absl::ToCivilDay(sandbox_now.value_or(absl::Now()), absl::UTCTimeZone());
  settlement::GetStatementRequest statement_request;
  statement_request.set_period_start(absl::FormatCivilTime(today));
  statement_request.set_period_end(absl::FormatCivilTime(today + 1));
  settlement::Statement statement =
      Call("GetStatement", "operator", *settlements,
           &settlement::SettlementService::Stub::GetStatement, statement_request);
  std::printf("7. Settlement statement for %s (UTC; every run today counts)\n",
              statement.period_start().c_str());
  std::printf("  %-10s %8s %14s %9s %14s %14s\n", "partner", "issued", "owes operator", "redeemed",
              "is owed", "net");
  for (const settlement::StatementLine& line : statement.lines()) {
    std::printf("  %-10s %8lld %14s %9lld %14s %14s  %s\n", line.partner_id().c_str(),
                static_cast<long long>(line.points_issued()),
                Money(line.currency(), line.issuance_amount_minor()).c_str(),
                static_cast<long long>(line.points_redeemed()),
                Money(line.currency(), line.reimbursement_amount_minor()).c_str(),
                Money(line.currency(), line.net_amount_minor()).c_str(),
                line.net_amount_minor() > 0   ? "(partner pays)"
                : line.net_amount_minor() < 0 ? "(partner is paid)"
                                              : "");
  }
  for (const settlement::CurrencyAmount& margin : statement.operator_margin()) {
    std::printf("  operator margin: %s\n", Money(margin.currency(), margin.amount_minor()).c_str());
  }

  if (!sandbox_now) {
    std::printf("8. (skipped: the platform does not run on a sandbox clock)\n");
    return 0;
  }
  std::printf(
      "8. Twenty-five months pass on the sandbox clock; the operator runs expiry and the "
      "tier review\n");
  sandbox::AdvanceClockRequest advance;
  advance.set_seconds(int64_t{25} * 31 * 24 * 3600);
  const sandbox::ClockTime later = Call("AdvanceClock", "operator", *clock,
                                        &sandbox::SandboxClockService::Stub::AdvanceClock, advance);
  account::RunExpiryRequest expiry;
  expiry.set_request_id(absl::StrCat("scenario-expiry-", run));
  account::ExpiryRun expired;
  do {  // a run works in bounded steps; the same request_id goes on where it stopped
    expired = Call("RunExpiry", "operator", *accounts_admin,
                   &account::AccountAdminService::Stub::RunExpiry, expiry);
  } while (!expired.complete());
  std::printf("  %s: run %s moved %lld points of %lld member(s) to breakage\n",
              Date(later.now()).c_str(), expired.run_id().c_str(),
              static_cast<long long>(expired.points()), static_cast<long long>(expired.members()));
  account::RunTierReviewRequest review;
  review.set_request_id(absl::StrCat("scenario-review-", run));
  account::TierReviewRun reviewed;
  do {
    reviewed = Call("RunTierReview", "operator", *accounts_admin,
                    &account::AccountAdminService::Stub::RunTierReview, review);
  } while (!reviewed.complete());
  std::printf("  the annual tier review: %lld member(s) reviewed, %lld moved down\n",
              static_cast<long long>(reviewed.members_reviewed()),
              static_cast<long long>(reviewed.members_moved_down()));
  PrintSummary(*accounts, member.member_id());

  std::printf("9. The operator closes the periods that have ended, in order, and settles\n");
  auto settlement_admin = settlement::SettlementAdminService::NewStub(channel);
  settlement::ListPeriodsRequest list;
  list.set_page_size(500);
  const settlement::ListPeriodsResponse periods =
      Call("ListPeriods", "operator", *settlement_admin,
           &settlement::SettlementAdminService::Stub::ListPeriods, list);
  const std::string this_month = absl::FormatCivilTime(absl::CivilMonth(today));
  const std::string now_day = absl::FormatCivilTime(
      absl::ToCivilDay(absl::FromUnixMicros(ProtoTimeToMicros(later.now())), absl::UTCTimeZone()));
  for (auto period = periods.periods().rbegin(); period != periods.periods().rend(); ++period) {
    // ISO dates compare as strings; a period still running cannot close.
    if (period->state() == settlement::Period::CLOSED || period->period_end() > now_day) continue;
    settlement::ClosePeriodRequest close;
    close.set_request_id(absl::StrCat("scenario-close-", period->period_start()));
    close.set_period_start(period->period_start());
    settlement::Period closed;
    do {  // a long ledger takes several calls
      closed = Call("ClosePeriod", "operator", *settlement_admin,
                    &settlement::SettlementAdminService::Stub::ClosePeriod, close);
    } while (closed.state() == settlement::Period::OPEN);
  }
  settlement::GetPeriodReportRequest report_request;
  report_request.set_period_start(absl::StrCat(this_month, "-01"));
  const settlement::PeriodReport report =
      Call("GetPeriodReport", "operator", *settlement_admin,
           &settlement::SettlementAdminService::Stub::GetPeriodReport, report_request);
  std::printf("  %s .. %s %s at ledger #%lld: one payment per partner\n",
              report.period().period_start().c_str(), report.period().period_end().c_str(),
              settlement::Period::State_Name(report.period().state()).c_str(),
              static_cast<long long>(report.period().closed_at_sequence()));
  for (const settlement::PartnerStatement& partner_statement : report.statements()) {
    std::printf(
        "  %-10s %d line(s), net %s: %s %s\n", partner_statement.partner_id().c_str(),
        partner_statement.lines_size(),
        Money(partner_statement.currency(), partner_statement.net_amount_minor()).c_str(),
        settlement::PaymentInstruction::Direction_Name(partner_statement.payment().direction())
            .c_str(),
        Money(partner_statement.currency(), partner_statement.payment().amount_minor()).c_str());
  }
  for (const settlement::CurrencyAmount& result : report.operator_result()) {
    std::printf("  operator result: %s (partners' payments and this sum to zero)\n",
                Money(result.currency(), result.amount_minor()).c_str());
  }
  const auto verified = scenario_settlement::Verify(channel);
  if (!verified.ok()) {
    std::fprintf(stderr, "verify failed: %s\n", verified.status().ToString().c_str());
    return 1;
  }
  for (const std::string& difference : verified->differences) {
    std::printf("  DIFFERENCE %s\n", difference.c_str());
  }
  std::printf("  verify: %s, %d closed period(s) against %lld ledger postings\n",
              verified->differences.empty() ? "statements agree with the ledger" : "FAILED",
              verified->periods, static_cast<long long>(verified->postings_read));
  return verified->differences.empty() ? 0 : 1;
}

}  // namespace
}  // namespace coalition

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return coalition::Run();
}
