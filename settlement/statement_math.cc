#include "settlement/statement_math.h"

#include "services/common/rate_math.h"
#include "services/common/status_macros.h"
#include "settlement/amount_bounds.h"

namespace coalition::settlement {

absl::StatusOr<v1::StatementLine> BuildStatementLine(const admin::v1::Partner& partner,
                                                     int64_t points_issued,
                                                     int64_t points_redeemed) {
  v1::StatementLine line;
  line.set_partner_id(partner.partner_id());
  line.set_currency(partner.currency());
  line.set_points_issued(points_issued);
  line.set_points_redeemed(points_redeemed);
  ASSIGN_OR_RETURN(const absl::int128 issuance,
                   ExactPriceOfPoints(points_issued, partner.issuance_price().amount_minor(),
                                      partner.issuance_price().per_points()));
  ASSIGN_OR_RETURN(const absl::int128 reimbursement,
                   ExactPriceOfPoints(points_redeemed, partner.reimbursement_price().amount_minor(),
                                      partner.reimbursement_price().per_points()));
  for (const auto& [what, amount] :
       {std::pair{"issuance", issuance}, std::pair{"reimbursement", reimbursement},
        std::pair{"the net", issuance - reimbursement}}) {
    if (!WithinSettlementBound(amount)) {
      line.set_unpriced_reason(BeyondBoundReason(what, amount));
      return line;
    }
  }
  line.set_issuance_amount_minor(static_cast<int64_t>(issuance));
  line.set_reimbursement_amount_minor(static_cast<int64_t>(reimbursement));
  line.set_net_amount_minor(static_cast<int64_t>(issuance - reimbursement));
  return line;
}

absl::StatusOr<std::vector<v1::CurrencyAmount>> OperatorMargin(
    const google::protobuf::RepeatedPtrField<v1::StatementLine>& lines) {
  CurrencyTotals margin;
  for (const v1::StatementLine& line : lines) margin.Add(line.currency(), line.net_amount_minor());
  return margin.Amounts();
}

}  // namespace coalition::settlement
