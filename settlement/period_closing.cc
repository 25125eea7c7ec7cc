#include "settlement/period_closing.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "services/common/caller.h"
#include "services/common/limits.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "settlement/amount_bounds.h"
#include "settlement/ledger_facts.h"
#include "settlement/liability.h"
#include "settlement/period_statements.h"
#include "settlement/settlement.h"

namespace coalition::settlement {

absl::StatusOr<absl::CivilDay> PeriodClosing::PeriodStart(const std::string& text) const {
  ASSIGN_OR_RETURN(const absl::CivilDay day, ParseDay("period_start", text));
  if (!calendar_.IsStart(day)) {
    return absl::InvalidArgumentError(
        absl::StrCat("period_start: ", text, " does not start a ", calendar_.Name(), " period (",
                     absl::FormatCivilTime(calendar_.StartOf(day)), " does)"));
  }
  return day;
}

absl::StatusOr<v1::Period> PeriodClosing::Close(const v1::ClosePeriodRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  ASSIGN_OR_RETURN(const absl::CivilDay start, PeriodStart(request.period_start()));
  const absl::CivilDay end = calendar_.EndOf(start);
  const absl::CivilDay today = absl::ToCivilDay(clock_.Now(), absl::UTCTimeZone());
  if (end > today) {
    return absl::FailedPreconditionError(
        absl::StrCat("period_start: the period ", request.period_start(),
                     " has not ended: it ends at ", absl::FormatCivilTime(end), " 00:00 UTC"));
  }
  // Everything the ledger holds when the close begins counts in the period. A long backlog is
  // followed over several calls (bounded work each), which say how far they got.
  ASSIGN_OR_RETURN(const LedgerFollower::Progress followed, follower_.CatchUp());
  if (!followed.caught_up) {
    v1::Period catching_up;
    catching_up.set_period_start(absl::FormatCivilTime(start));
    catching_up.set_period_end(absl::FormatCivilTime(end));
    catching_up.set_state(v1::Period::OPEN);
    catching_up.set_followed_to_sequence(followed.followed_to);
    catching_up.set_ledger_latest_sequence(followed.latest);
    return catching_up;
  }
  ASSIGN_OR_RETURN(const v1::Period closing, store_.BeginClose(start, end));
  if (closing.state() == v1::Period::CLOSED) return closing;
  // The report carries the period as it closes.
  const absl::Time now = clock_.Now();
  v1::Period closed = closing;
  closed.set_state(v1::Period::CLOSED);
  *closed.mutable_close_time() = ToProtoTime(now);
  ASSIGN_OR_RETURN(const v1::PeriodReport report, Price(closed, start));
  return store_.FinishClose(start, report, now);
}

absl::StatusOr<v1::PeriodReport> PeriodClosing::Price(const v1::Period& period,
                                                      absl::CivilDay start) {
  ASSIGN_OR_RETURN(const std::vector<TotalsStore::PeriodLine> lines, store_.PeriodTotals(start));
  std::map<std::string, std::vector<TotalsStore::PeriodLine>> by_partner;
  int64_t operator_funded = 0;
  for (const TotalsStore::PeriodLine& line : lines) {
    if (line.fact.partner_id == kOperator) {
      if (line.fact.kind == v1::OPERATOR_FUNDED) operator_funded += line.fact.points;
      continue;  // the operator's own points: no partner to bill
    }
    by_partner[line.fact.partner_id].push_back(line);
  }
  std::vector<v1::PartnerStatement> statements;
  CurrencyTotals breakage_kept;
  for (const auto& [partner_id, partner_lines] : by_partner) {
    ASSIGN_OR_RETURN(const admin::v1::Partner partner, partners_.Get(partner_id));
    const TermsOf terms_of = [&, id = partner_id](int64_t version) {
      return terms_.Version(id, version);
    };
    // Volume tiers count the calendar month: what earlier periods of it issued comes first.
    ASSIGN_OR_RETURN(
        const int64_t issued_before,
        store_.IssuedBetween(partner_id, absl::CivilDay(absl::CivilMonth(start)), start));
    // A partner whose amounts are beyond settlement's bound gets an UNPRICED statement; the
    // period still closes for everyone (amount_bounds.h).
    ASSIGN_OR_RETURN(const v1::PartnerStatement statement,
                     PriceStatement(period, partner_id, partner.currency(), partner_lines, terms_of,
                                    issued_before));
    statements.push_back(statement);
    if (!statement.unpriced_reason().empty()) continue;
    for (const TotalsStore::PeriodLine& line : partner_lines) {
      if (line.fact.kind != v1::BREAKAGE) continue;
      ASSIGN_OR_RETURN(const admin::v1::PartnerTerms terms, terms_of(line.fact.terms_version));
      ASSIGN_OR_RETURN(const absl::int128 kept, BreakageKept(line, terms));
      breakage_kept.Add(partner.currency(), kept);
    }
  }
  ASSIGN_OR_RETURN(const std::vector<v1::CurrencyAmount> breakage_revenue, breakage_kept.Amounts());
  return AssembleReport(period, std::move(statements), breakage_revenue, operator_funded);
}

absl::StatusOr<v1::ListPeriodsResponse> PeriodClosing::List(const v1::ListPeriodsRequest& request) {
  ASSIGN_OR_RETURN(const int32_t limit, PageSize(request.page_size(), kDefaultPageSize, kMaxPageSize));
  ASSIGN_OR_RETURN(std::vector<v1::Period> periods, store_.Periods(limit));
  v1::ListPeriodsResponse response;
  for (v1::Period& period : periods) *response.add_periods() = std::move(period);
  return response;
}

absl::StatusOr<v1::PeriodReport> PeriodClosing::Report(const v1::GetPeriodReportRequest& request) {
  ASSIGN_OR_RETURN(const absl::CivilDay start, PeriodStart(request.period_start()));
  ASSIGN_OR_RETURN(std::optional<v1::PeriodReport> report, store_.Report(start));
  if (!report) {
    return absl::FailedPreconditionError(
        absl::StrCat("period_start: the period ", request.period_start(), " is not closed"));
  }
  return *std::move(report);
}

absl::StatusOr<v1::LiabilityReport> PeriodClosing::Liability() {
  ASSIGN_OR_RETURN(const LedgerFollower::Progress followed, follower_.CatchUp());
  ASSIGN_OR_RETURN(const std::vector<PeriodFact> totals, store_.AllTimeTotals());
  std::map<std::string, admin::v1::Partner> partners;
  for (const PeriodFact& total : totals) {
    if (total.partner_id == kOperator || partners.contains(total.partner_id)) continue;
    ASSIGN_OR_RETURN(partners[total.partner_id], partners_.Get(total.partner_id));
  }
  ASSIGN_OR_RETURN(v1::LiabilityReport report, ComputeLiability(totals, partners));
  report.set_ledger_sequence(followed.followed_to);
  return report;
}

absl::StatusOr<v1::PartnerStatement> PeriodClosing::PartnerStatement(
    absl::string_view caller, const v1::GetPartnerStatementRequest& request) {
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  RETURN_IF_ERROR(CheckActsFor(caller, "partner_id", request.partner_id()));
  v1::GetPeriodReportRequest report_request;
  report_request.set_period_start(request.period_start());
  ASSIGN_OR_RETURN(const v1::PeriodReport report, Report(report_request));
  for (const v1::PartnerStatement& statement : report.statements()) {
    if (statement.partner_id() == request.partner_id()) return statement;
  }
  // No activity in the period: an empty statement, nothing due.
  v1::PartnerStatement empty;
  empty.set_partner_id(request.partner_id());
  empty.set_period_start(report.period().period_start());
  empty.set_period_end(report.period().period_end());
  empty.mutable_payment()->set_direction(v1::PaymentInstruction::NOTHING_DUE);
  return empty;
}

}  // namespace coalition::settlement
