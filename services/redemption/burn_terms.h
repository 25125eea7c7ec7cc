// A partner's burn terms: what its points are worth, how much of a bill they may pay, and the
// fewest a redemption may use. Pure functions, unit-tested directly (docs/redemption.md).
//
//   ASSIGN_OR_RETURN(v1::RedemptionQuote quote, QuoteBill(terms, bill_minor, available_points));
//   RETURN_IF_ERROR(CheckSpend(terms, points, bill_minor, currency, partner_currency));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/redemption/v1/redemption.pb.h"

namespace coalition::redemption {

// INVALID_ARGUMENT naming the field when the terms cannot be published.
absl::Status ValidateBurnTerms(const v1::BurnTerms& terms);

// The version in force at `time`: the latest effective_time at or before it (the higher version
// of two with the same); none before the first.
std::optional<v1::BurnTerms> TermsInForce(const std::vector<v1::BurnTerms>& versions,
                                          absl::Time time);

// What `points` are worth at the partner, rounded down: the member is never credited more
// than the points buy.
int64_t ValueOfPoints(const v1::BurnTerms& terms, int64_t points);

// The most points a bill takes under the terms and the member's balance, and what is left to pay.
v1::RedemptionQuote QuoteBill(const v1::BurnTerms& terms, int64_t bill_amount_minor,
                              int64_t available_points);

// INVALID_ARGUMENT unless the partner takes points on bills in `currency`.
absl::Status CheckCurrency(const v1::BurnTerms& terms, const std::string& currency,
                           const std::string& partner_currency);

// Whether a spend of `points` is allowed: at least min_points; and, with a bill, in an accepted
// currency and worth no more than the bill's share payable in points. INVALID_ARGUMENT naming
// the field otherwise.
absl::Status CheckSpend(const v1::BurnTerms& terms, int64_t points, int64_t bill_amount_minor,
                        const std::string& currency, const std::string& partner_currency);

}  // namespace coalition::redemption
