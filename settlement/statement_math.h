// A partner's statement line from its point totals and prices, and the operator's margin.
// Money is rounded once per line, half away from zero (services/common/rate_math.h), and held to
// settlement's bound (amount_bounds.h): a line beyond it is unpriced, never an error for all.
//
//   ASSIGN_OR_RETURN(v1::StatementLine line, BuildStatementLine(partner, issued, redeemed));
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "coalition/admin/v1/admin.pb.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "google/protobuf/repeated_field.h"

namespace coalition::settlement {

// A line with unpriced_reason and amounts of 0 if an amount is beyond kMaxSettlementAmountMinor.
absl::StatusOr<v1::StatementLine> BuildStatementLine(const admin::v1::Partner& partner,
                                                     int64_t points_issued,
                                                     int64_t points_redeemed);

// Sum of the lines' net amounts, per currency, in currency order (unpriced lines add nothing).
absl::StatusOr<std::vector<v1::CurrencyAmount>> OperatorMargin(
    const google::protobuf::RepeatedPtrField<v1::StatementLine>& lines);

}  // namespace coalition::settlement
