#include "settlement/statement_math.h"

#include <map>
#include <string>

#include "services/common/rate_math.h"
#include "services/common/status_macros.h"

namespace coalition::settlement {

absl::StatusOr<v1::StatementLine> BuildStatementLine(const admin::v1::Partner& partner,
                                                     int64_t points_issued,
                                                     int64_t points_redeemed) {
  v1::StatementLine line;
  line.set_partner_id(partner.partner_id());
  line.set_currency(partner.currency());
  line.set_points_issued(points_issued);
  line.set_points_redeemed(points_redeemed);
  ASSIGN_OR_RETURN(int64_t issuance,
                   PriceOfPoints(points_issued, partner.issuance_price().amount_minor(),
                                 partner.issuance_price().per_points()));
  ASSIGN_OR_RETURN(int64_t reimbursement,
                   PriceOfPoints(points_redeemed, partner.reimbursement_price().amount_minor(),
                                 partner.reimbursement_price().per_points()));
  line.set_issuance_amount_minor(issuance);
  line.set_reimbursement_amount_minor(reimbursement);
  line.set_net_amount_minor(issuance - reimbursement);
  return line;
}

std::vector<v1::CurrencyAmount> OperatorMargin(
    const google::protobuf::RepeatedPtrField<v1::StatementLine>& lines) {
  std::map<std::string, int64_t> by_currency;
  for (const v1::StatementLine& line : lines)
    by_currency[line.currency()] += line.net_amount_minor();
  std::vector<v1::CurrencyAmount> margins;
  for (const auto& [currency, amount] : by_currency) {
    v1::CurrencyAmount& margin = margins.emplace_back();
    margin.set_currency(currency);
    margin.set_amount_minor(amount);
  }
  return margins;
}

}  // namespace coalition::settlement
