// What the operator owes a partner for points spent with it: points x the partner's
// reimbursement price at the time, rounded half away from zero (docs/rounding.md). Fixed on the
// redemption or capture, so a later price change never alters what was owed.
//
//   ASSIGN_OR_RETURN(v1::Reimbursement owed, ReimbursementFor(partner, 1'000));
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "coalition/admin/v1/admin.pb.h"
#include "coalition/redemption/v1/redemption.pb.h"

namespace coalition::redemption {

absl::StatusOr<v1::Reimbursement> ReimbursementFor(const admin::v1::Partner& partner,
                                                   int64_t points);

// The same price applied to `points` of a spending that fixed `owed` (a refund, negative points).
absl::StatusOr<v1::Reimbursement> AtSamePrice(const v1::Reimbursement& owed, int64_t points);

}  // namespace coalition::redemption
