#include "services/redemption/reimbursement.h"

#include "services/common/rate_math.h"
#include "services/common/status_macros.h"

namespace coalition::redemption {

absl::StatusOr<v1::Reimbursement> ReimbursementFor(const admin::v1::Partner& partner,
                                                   int64_t points) {
  v1::Reimbursement owed;
  owed.set_currency(partner.currency());
  owed.set_price_amount_minor(partner.reimbursement_price().amount_minor());
  owed.set_price_per_points(partner.reimbursement_price().per_points());
  return AtSamePrice(owed, points);
}

absl::StatusOr<v1::Reimbursement> AtSamePrice(const v1::Reimbursement& owed, int64_t points) {
  v1::Reimbursement result = owed;
  ASSIGN_OR_RETURN(const int64_t amount,
                   PriceOfPoints(points, owed.price_amount_minor(), owed.price_per_points()));
  result.set_amount_minor(amount);
  return result;
}

}  // namespace coalition::redemption
