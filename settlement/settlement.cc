#include "settlement/settlement.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "settlement/ledger_facts.h"
#include "settlement/period_statements.h"
#include "settlement/statement_math.h"

namespace coalition::settlement {

absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view field, const std::string& text) {
  absl::CivilDay day;
  // Round-tripping rejects dates absl would otherwise normalise, such as 2026-02-30.
  if (!absl::ParseCivilTime(text, &day) || absl::FormatCivilTime(day) != text) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be a date as YYYY-MM-DD, got '", text, "'"));
  }
  return day;
}

absl::StatusOr<v1::Statement> Settlement::GetStatement(const v1::GetStatementRequest& request) {
  ASSIGN_OR_RETURN(absl::CivilDay start, ParseDay("period_start", request.period_start()));
  ASSIGN_OR_RETURN(absl::CivilDay end, ParseDay("period_end", request.period_end()));
  if (end <= start) return absl::InvalidArgumentError("period_end: must be after period_start");
  if (end - start > kMaxPeriodDays) {
    return absl::InvalidArgumentError(
        absl::StrCat("period_end: a period spans at most ", kMaxPeriodDays, " days"));
  }
  std::optional<std::string> partner_id;
  if (!request.partner_id().empty()) {
    RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
    RETURN_IF_ERROR(partners_.Get(request.partner_id()).status());
    partner_id = request.partner_id();
  }

  v1::Statement statement;
  statement.set_period_start(request.period_start());
  statement.set_period_end(request.period_end());
  ASSIGN_OR_RETURN(const LedgerFollower::Progress followed, follower_.CatchUp());
  statement.set_ledger_sequence(followed.followed_to);

  // The days are priced a tier month at a time (volume tiers count a calendar month's periods),
  // each on top of the volume its month issued before it, as a close prices a period.
  std::map<std::string, int64_t> issued_before;  // by partner, for the first stretch
  if (const absl::CivilDay month = calendar_.TierMonthStart(start); month < start) {
    ASSIGN_OR_RETURN(const std::vector<TotalsStore::PeriodLine> before,
                     store_.DayTotals(month, start, partner_id));
    for (const TotalsStore::PeriodLine& line : before) {
      if (line.fact.kind == v1::ISSUED) issued_before[line.fact.partner_id] += line.fact.points;
    }
  }
  std::map<std::string, std::vector<v1::PartnerStatement>> priced;  // by partner
  for (absl::CivilDay from = start; from < end;) {
    const absl::CivilDay to = std::min(end, calendar_.NextTierMonthStart(from));
    v1::Period days;
    days.set_period_start(absl::FormatCivilTime(from));
    days.set_period_end(absl::FormatCivilTime(to));
    days.set_state(v1::Period::OPEN);
    ASSIGN_OR_RETURN(const std::vector<TotalsStore::PeriodLine> lines,
                     store_.DayTotals(from, to, partner_id));
    std::map<std::string, std::vector<TotalsStore::PeriodLine>> by_partner;
    for (const TotalsStore::PeriodLine& line : lines) {
      if (line.fact.partner_id == kOperator) continue;  // the operator's own points: no one to bill
      by_partner[line.fact.partner_id].push_back(line);
    }
    for (const auto& [id, partner_lines] : by_partner) {
      ASSIGN_OR_RETURN(const admin::v1::Partner partner, partners_.Get(id));
      const TermsOf terms_of = [&](int64_t version) {
        return terms_.Version(
            id, version == kCarriedOverTermsVersion ? partner.terms_version() : version);
      };
      ASSIGN_OR_RETURN(v1::PartnerStatement partner_statement,
                       PriceStatement(days, id, partner.currency(), partner_lines, terms_of,
                                      from == start ? issued_before[id] : 0));
      priced[id].push_back(std::move(partner_statement));
    }
    from = to;
  }
  for (const auto& [id, statements] : priced) *statement.add_lines() = StatementLineOf(statements);
  ASSIGN_OR_RETURN(std::vector<v1::CurrencyAmount> margins, OperatorMargin(statement.lines()));
  for (v1::CurrencyAmount& margin : margins) *statement.add_operator_margin() = std::move(margin);
  return statement;
}

}  // namespace coalition::settlement
