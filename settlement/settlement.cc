#include "settlement/settlement.h"

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
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
  ASSIGN_OR_RETURN(std::vector<PartnerTotals> totals, store_.Totals(start, end, partner_id));
  for (const PartnerTotals& partner_totals : totals) {
    ASSIGN_OR_RETURN(admin::v1::Partner partner, partners_.Get(partner_totals.partner_id));
    ASSIGN_OR_RETURN(
        *statement.add_lines(),
        BuildStatementLine(partner, partner_totals.points_issued, partner_totals.points_redeemed));
  }
  ASSIGN_OR_RETURN(std::vector<v1::CurrencyAmount> margins, OperatorMargin(statement.lines()));
  for (v1::CurrencyAmount& margin : margins) *statement.add_operator_margin() = std::move(margin);
  return statement;
}

}  // namespace coalition::settlement
