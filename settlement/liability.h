// The operator's liability for outstanding points, as a pure function of all-time totals per
// partner and kind and the partners' current terms.
//
// - Outstanding: issued + operator-funded + refunded - reversed - redeemed - expired.
// - Redemption cost: the outstanding points shared out over partners in proportion to the points
//   redeemed with each so far (floor, the remainder to the largest), each share priced at that
//   partner's reimbursement price now, rounded half away from zero, summed per currency.
// - Breakage rate: expired / (expired + redeemed), in basis points, rounded down; the expected
//   cost is the redemption cost less that share, per currency.
// - A partner whose share would cost more than settlement carries (amount_bounds.h) is named in
//   unpriced_partner_ids and left out of both costs, so the report still answers for the rest.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "coalition/admin/v1/admin.pb.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "settlement/totals_store.h"

namespace coalition::settlement {

// `totals`: all-time points per partner and kind (PeriodFact with kind and points set);
// `partners`: every partner named in them except the operator, with its current prices.
absl::StatusOr<v1::LiabilityReport> ComputeLiability(
    const std::vector<PeriodFact>& totals,
    const std::map<std::string, admin::v1::Partner>& partners);

}  // namespace coalition::settlement
