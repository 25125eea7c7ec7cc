// An ad-hoc statement's line for a partner, from the same priced statements a period's close
// makes (period_statements.h), and the operator's margin. Nothing here prices: an ad-hoc line
// only sums lines priced by PriceStatement under the terms version of each posting's time, so an
// open period's statement so far and its closed statement agree for the same postings.
//
//   ASSIGN_OR_RETURN(v1::PartnerStatement month, PriceStatement(...));   // one per tier month
//   v1::StatementLine line = StatementLineOf({month});
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "google/protobuf/repeated_field.h"

namespace coalition::settlement {

// The sum of one partner's priced statements (in its currency, one per stretch of days priced
// apart): points issued net of reversals, redeemed net of refunds, and their amounts. Unpriced
// (amounts 0, the first reason) if any statement is, or if a sum is beyond settlement's bound.
v1::StatementLine StatementLineOf(const std::vector<v1::PartnerStatement>& statements);

// Sum of the lines' net amounts, per currency, in currency order (unpriced lines add nothing).
absl::StatusOr<std::vector<v1::CurrencyAmount>> OperatorMargin(
    const google::protobuf::RepeatedPtrField<v1::StatementLine>& lines);

}  // namespace coalition::settlement
