#include "settlement/statement_math.h"

#include <string>
#include <utility>

#include "absl/numeric/int128.h"
#include "settlement/amount_bounds.h"

namespace coalition::settlement {

v1::StatementLine StatementLineOf(const std::vector<v1::PartnerStatement>& statements) {
  v1::StatementLine line;
  if (statements.empty()) return line;
  line.set_partner_id(statements.front().partner_id());
  line.set_currency(statements.front().currency());
  // Amounts as the operator sees them on the statement lines (positive: the partner pays),
  // turned into the ad-hoc line's magnitudes below.
  absl::int128 issuance = 0;
  absl::int128 reimbursement = 0;
  absl::int128 breakage_share = 0;
  std::string unpriced;
  for (const v1::PartnerStatement& statement : statements) {
    if (unpriced.empty()) unpriced = statement.unpriced_reason();
    for (const v1::StatementKindLine& kind_line : statement.lines()) {
      const int64_t points = kind_line.points();
      const absl::int128 amount = kind_line.amount_minor();
      switch (kind_line.kind()) {
        case v1::ISSUED:
          line.set_points_issued(line.points_issued() + points);
          issuance += amount;
          break;
        case v1::REVERSED:
          line.set_points_issued(line.points_issued() - points);
          issuance += amount;
          break;
        case v1::REDEEMED:
          line.set_points_redeemed(line.points_redeemed() + points);
          reimbursement -= amount;
          break;
        case v1::REFUNDED:
          line.set_points_redeemed(line.points_redeemed() - points);
          reimbursement -= amount;
          break;
        case v1::BREAKAGE:
          breakage_share -= amount;
          break;
        default:
          break;
      }
    }
  }
  const absl::int128 net = issuance - reimbursement - breakage_share;
  // Each statement is bounded; several months of them may still add up beyond the bound.
  for (const auto& [what, amount] :
       {std::pair{"issuance", issuance}, std::pair{"reimbursement", reimbursement},
        std::pair{"the breakage share", breakage_share}, std::pair{"the net", net}}) {
    if (!unpriced.empty()) break;
    if (!WithinSettlementBound(amount)) unpriced = BeyondBoundReason(what, amount);
  }
  if (!unpriced.empty()) {
    line.set_unpriced_reason(unpriced);
    return line;
  }
  line.set_issuance_amount_minor(static_cast<int64_t>(issuance));
  line.set_reimbursement_amount_minor(static_cast<int64_t>(reimbursement));
  line.set_breakage_share_amount_minor(static_cast<int64_t>(breakage_share));
  line.set_net_amount_minor(static_cast<int64_t>(net));
  return line;
}

absl::StatusOr<std::vector<v1::CurrencyAmount>> OperatorMargin(
    const google::protobuf::RepeatedPtrField<v1::StatementLine>& lines) {
  CurrencyTotals margin;
  for (const v1::StatementLine& line : lines) margin.Add(line.currency(), line.net_amount_minor());
  return margin.Amounts();
}

}  // namespace coalition::settlement
