// coalitionctl: the operator's command line for settlement and partners' terms.
//
//   coalitionctl settlement periods
//   coalitionctl settlement close 2026-11-01          # follows the ledger with a progress bar
//   coalitionctl settlement report 2026-11-01 --format=csv   (table | csv | json)
//   coalitionctl settlement verify                    # exit 1, with the differences, if any
//   coalitionctl settlement liability                 # points outstanding and what they may cost
//   coalitionctl --tls_dir=var/certs --target=127.0.0.1:8443 audit verify   # the gateway's log
//   coalitionctl terms list hotel
//   coalitionctl terms publish hotel --issuance=8/1000 --reimbursement=6/1000
//       --breakage_share_bp=2500 [--effective=2027-01-01T00:00:00Z]   (all on one line)
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.grpc.pb.h"
#include "coalition/admin/v1/admin.grpc.pb.h"
#include "coalition/gateway/v1/audit.grpc.pb.h"
#include "coalition/settlement/v1/settlement.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "partner-gateway/audit_chain.h"
#include "partner-gateway/grpc/client_channel.h"
#include "services/common/grpc/call_context.h"
#include "services/common/grpc/unary_call.h"
#include "services/common/proto_time.h"
#include "settlement/grpc/verify_closed_periods.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "the platform (or its gateway) to talk to");
ABSL_FLAG(std::string, caller, "operator", "who this is, as the platform knows it");
ABSL_FLAG(std::string, format, "table", "report output: table, csv or json");
ABSL_FLAG(std::string, issuance, "", "terms publish: issuance price as amount_minor/per_points");
ABSL_FLAG(std::string, reimbursement, "", "terms publish: reimbursement price, the same way");
ABSL_FLAG(int, breakage_share_bp, 0, "terms publish: the partner's share of its breakage");
ABSL_FLAG(std::string, effective, "", "terms publish: RFC 3339 start time (default: now)");
ABSL_FLAG(std::string, tls_dir, "",
          "through the gateway: the directory with ca.pem and the identity's .pem and .key");
ABSL_FLAG(std::string, identity, "operator", "through the gateway: whose certificate to use");

namespace coalition::ctl {
namespace {

namespace settlement = coalition::settlement::v1;
namespace admin = coalition::admin::v1;

int Fail(const std::string& message) {
  std::fprintf(stderr, "coalitionctl: %s\n", message.c_str());
  return 2;
}

template <typename Stub, typename Request, typename Response>
bool CallOk(Stub& stub,
            grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
            const Request& request, Response& response) {
  const std::string caller = absl::GetFlag(FLAGS_caller);
  const grpc::Status status = UnaryCallStatus(stub, method, request, response,
                                              {.caller = caller, .timeout = absl::Seconds(120)});
  if (!status.ok()) {
    std::fprintf(stderr, "coalitionctl: %s (%d)\n", status.error_message().c_str(),
                 static_cast<int>(status.error_code()));
  }
  return status.ok();
}

std::string Json(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

void Bar(int64_t done, int64_t total) {
  const int width = 40;
  const int filled = total <= 0 ? width : static_cast<int>(width * done / total);
  std::fprintf(stderr, "\r  [%s%s] followed to #%lld of #%lld",
               std::string(static_cast<size_t>(filled), '#').c_str(),
               std::string(static_cast<size_t>(width - filled), '.').c_str(),
               static_cast<long long>(done), static_cast<long long>(total));
}

int Periods(settlement::SettlementAdminService::Stub& stub) {
  settlement::ListPeriodsResponse periods;
  if (!CallOk(stub, &settlement::SettlementAdminService::Stub::ListPeriods,
              settlement::ListPeriodsRequest(), periods)) {
    return 1;
  }
  for (const settlement::Period& period : periods.periods()) {
    std::printf("%s .. %s  %-8s closed at #%lld\n", period.period_start().c_str(),
                period.period_end().c_str(), settlement::Period::State_Name(period.state()).c_str(),
                static_cast<long long>(period.closed_at_sequence()));
  }
  return 0;
}

int Close(settlement::SettlementAdminService::Stub& stub, const std::string& period_start) {
  settlement::ClosePeriodRequest request;
  request.set_request_id(absl::StrCat("coalitionctl-close-", period_start));
  request.set_period_start(period_start);
  settlement::Period period;
  do {  // each call follows a bounded part of the ledger
    if (!CallOk(stub, &settlement::SettlementAdminService::Stub::ClosePeriod, request, period)) {
      return 1;
    }
    if (period.state() == settlement::Period::OPEN) {
      Bar(period.followed_to_sequence(), period.ledger_latest_sequence());
    }
  } while (period.state() == settlement::Period::OPEN);
  Bar(period.closed_at_sequence(), period.closed_at_sequence());
  std::fprintf(stderr, "\n");
  std::printf("period %s %s at ledger #%lld\n", period.period_start().c_str(),
              settlement::Period::State_Name(period.state()).c_str(),
              static_cast<long long>(period.closed_at_sequence()));
  return 0;
}

int Report(settlement::SettlementAdminService::Stub& stub, const std::string& period_start) {
  settlement::GetPeriodReportRequest request;
  request.set_period_start(period_start);
  settlement::PeriodReport report;
  if (!CallOk(stub, &settlement::SettlementAdminService::Stub::GetPeriodReport, request, report)) {
    return 1;
  }
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format == "json") {
    std::printf("%s\n", Json(report).c_str());
    return 0;
  }
  const bool csv = format == "csv";
  if (!csv && format != "table") return Fail("--format: must be table, csv or json");
  std::printf(csv ? "period_start,partner_id,currency,kind,terms_version,late,postings,points,"
                    "amount_minor\n"
                  : "%-12s %-16s %-4s %-16s %4s %5s %8s %10s %12s\n",
              "period", "partner", "cur", "kind", "ver", "late", "postings", "points", "amount");
  for (const settlement::PartnerStatement& statement : report.statements()) {
    for (const settlement::StatementKindLine& line : statement.lines()) {
      std::printf(csv ? "%s,%s,%s,%s,%lld,%d,%lld,%lld,%lld\n"
                      : "%-12s %-16s %-4s %-16s %4lld %5d %8lld %10lld %12lld\n",
                  statement.period_start().c_str(), statement.partner_id().c_str(),
                  statement.currency().c_str(), settlement::FactKind_Name(line.kind()).c_str(),
                  static_cast<long long>(line.terms_version()), line.late() ? 1 : 0,
                  static_cast<long long>(line.postings()), static_cast<long long>(line.points()),
                  static_cast<long long>(line.amount_minor()));
    }
    const long long net = statement.net_amount_minor();
    if (csv) {
      std::printf("%s,%s,%s,NET,,,,,%lld\n", statement.period_start().c_str(),
                  statement.partner_id().c_str(), statement.currency().c_str(), net);
    } else {
      std::printf(
          "%-12s %-16s %-4s %-16s %43lld  %s\n", statement.period_start().c_str(),
          statement.partner_id().c_str(), statement.currency().c_str(), "NET", net,
          settlement::PaymentInstruction::Direction_Name(statement.payment().direction()).c_str());
      if (!statement.unpriced_reason().empty()) {
        std::printf("%-12s %-16s unpriced: %s\n", statement.period_start().c_str(),
                    statement.partner_id().c_str(), statement.unpriced_reason().c_str());
      }
    }
  }
  if (!csv) {
    for (const auto& result : report.operator_result()) {
      std::printf("operator result: %s %lld\n", result.currency().c_str(),
                  static_cast<long long>(result.amount_minor()));
    }
  }
  return 0;
}

int Liability(settlement::SettlementAdminService::Stub& stub) {
  settlement::LiabilityReport report;
  if (!CallOk(stub, &settlement::SettlementAdminService::Stub::GetLiabilityReport,
              settlement::GetLiabilityReportRequest(), report)) {
    return 1;
  }
  std::printf("%s\n", Json(report).c_str());
  return 0;
}

int Verify(const std::shared_ptr<grpc::Channel>& channel) {
  auto ledger = account::v1::AccountAdminService::NewStub(channel);  // ListLedgerPostings
  auto admin_stub = settlement::SettlementAdminService::NewStub(channel);
  absl::StatusOr<coalition::settlement::Verification> verified =
      coalition::settlement::VerifyClosedPeriods(*ledger, *admin_stub, absl::GetFlag(FLAGS_caller),
                                                 Bar);
  std::fprintf(stderr, "\n");
  if (!verified.ok()) return Fail(verified.status().ToString());
  for (const std::string& difference : verified->differences) {
    std::printf("DIFFERENCE %s\n", difference.c_str());
  }
  std::printf("%s: %d closed period(s), %lld postings read up to #%lld\n",
              verified->differences.empty() ? "verified" : "NOT verified", verified->periods,
              static_cast<long long>(verified->postings_read),
              static_cast<long long>(verified->last_sequence));
  return verified->differences.empty() ? 0 : 1;
}

// Plain to the platform itself, or mutual TLS to the gateway when --tls_dir is given.
std::shared_ptr<grpc::Channel> Connect() {
  if (absl::GetFlag(FLAGS_tls_dir).empty()) {
    return grpc::CreateChannel(absl::GetFlag(FLAGS_target), grpc::InsecureChannelCredentials());
  }
  return coalition::gateway::GatewayChannel(
      absl::GetFlag(FLAGS_target), absl::GetFlag(FLAGS_tls_dir), absl::GetFlag(FLAGS_identity));
}

// Reads the gateway's whole audit log, page by page, and checks its hash chain.
int VerifyAudit(const std::shared_ptr<grpc::Channel>& channel) {
  auto audit = coalition::gateway::v1::AuditService::NewStub(channel);
  std::string previous = coalition::gateway::kGenesisHash;
  int64_t after = 0;
  for (;;) {
    coalition::gateway::v1::ListAuditRecordsRequest request;
    request.set_after_sequence(after);
    request.set_page_size(5000);
    coalition::gateway::v1::ListAuditRecordsResponse page;
    if (!CallOk(*audit, &coalition::gateway::v1::AuditService::Stub::ListAuditRecords, request,
                page)) {
      return 2;
    }
    if (page.records().empty()) break;
    if (const auto broken = coalition::gateway::FirstBreak(page.records(), previous)) {
      std::printf("audit chain BROKEN at %s\n", broken->c_str());
      return 1;
    }
    after = page.records(page.records_size() - 1).sequence();
  }
  std::printf("audit chain verified: %lld records\n", static_cast<long long>(after));
  return 0;
}

bool ParsePrice(const std::string& text, admin::PointPrice& price) {
  const std::vector<std::string> parts = absl::StrSplit(text, '/');
  int64_t amount = 0;
  int64_t per = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &amount) ||
      !absl::SimpleAtoi(parts[1], &per)) {
    return false;
  }
  price.set_amount_minor(amount);
  price.set_per_points(per);
  return true;
}

int Terms(admin::PartnerAdminService::Stub& stub, const std::string& verb,
          const std::string& partner_id) {
  if (verb == "list") {
    admin::ListPartnerTermsRequest request;
    request.set_partner_id(partner_id);
    admin::ListPartnerTermsResponse versions;
    if (!CallOk(stub, &admin::PartnerAdminService::Stub::ListPartnerTerms, request, versions)) {
      return 1;
    }
    std::printf("%s\n", Json(versions).c_str());
    return 0;
  }
  if (verb != "publish") return Fail("terms: list or publish");
  admin::PublishPartnerTermsRequest request;
  request.set_request_id(absl::StrCat("coalitionctl-terms-", absl::ToUnixMicros(absl::Now())));
  admin::PartnerTerms& terms = *request.mutable_terms();
  terms.set_partner_id(partner_id);
  if (!ParsePrice(absl::GetFlag(FLAGS_issuance), *terms.mutable_issuance_price()) ||
      !ParsePrice(absl::GetFlag(FLAGS_reimbursement), *terms.mutable_reimbursement_price())) {
    return Fail("--issuance and --reimbursement: give each as amount_minor/per_points");
  }
  terms.set_breakage_share_bp(absl::GetFlag(FLAGS_breakage_share_bp));
  if (const std::string effective = absl::GetFlag(FLAGS_effective); !effective.empty()) {
    absl::Time time;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, effective, &time, &error)) {
      return Fail("--effective: " + error);
    }
    *terms.mutable_effective_time() = ToProtoTime(time);
  }
  admin::PartnerTerms published;
  if (!CallOk(stub, &admin::PartnerAdminService::Stub::PublishPartnerTerms, request, published)) {
    return 1;
  }
  std::printf("%s\n", Json(published).c_str());
  return 0;
}

int Run(const std::vector<std::string>& args) {
  auto channel = Connect();
  auto settlement_admin = settlement::SettlementAdminService::NewStub(channel);
  const auto arg = [&](size_t i) { return i < args.size() ? args[i] : std::string(); };
  if (arg(0) == "settlement") {
    if (arg(1) == "periods") return Periods(*settlement_admin);
    if (arg(1) == "close" && !arg(2).empty()) return Close(*settlement_admin, arg(2));
    if (arg(1) == "report" && !arg(2).empty()) return Report(*settlement_admin, arg(2));
    if (arg(1) == "verify") return Verify(channel);
    if (arg(1) == "liability") return Liability(*settlement_admin);
  }
  if (arg(0) == "audit" && arg(1) == "verify") return VerifyAudit(channel);
  if (arg(0) == "terms" && !arg(2).empty()) {
    auto partners = admin::PartnerAdminService::NewStub(channel);
    return Terms(*partners, arg(1), arg(2));
  }
  return Fail(
      "usage: coalitionctl settlement (periods | close PERIOD | report PERIOD | verify |"
      " liability)\n"
      "       coalitionctl terms (list | publish) PARTNER [--issuance=a/b --reimbursement=a/b]\n"
      "       coalitionctl --tls_dir=DIR audit verify   (through the gateway)");
}

}  // namespace
}  // namespace coalition::ctl

int main(int argc, char** argv) {
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  return coalition::ctl::Run(std::vector<std::string>(positional.begin() + 1, positional.end()));
}
