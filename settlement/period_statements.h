// A closed period's money, as pure functions: each partner's lines priced under the terms
// version their postings were counted under, its net position and payment instruction, and the
// operator's side. Every line is rounded once, half away from zero (docs/rounding.md); totals are
// sums of rounded lines, so a statement always adds up to the cent.
//
// Amounts are worked out in 128 bits and held to settlement's bound (amount_bounds.h): a partner
// whose line, net or expired points' issuance value would be beyond it gets an UNPRICED statement
// (postings and points, no amounts, the reason), and every other partner is priced as usual.
//
// Signs are the operator's: positive, the partner pays the operator.
//   ISSUED     + points x issuance price, by volume tier (each tier's part rounded once)
//   REVERSED   - points x issuance price (the version's base price)
//   REDEEMED   - points x reimbursement price     REFUNDED  + points x reimbursement price
//   BREAKAGE   - points x issuance price x the partner's breakage share
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "coalition/admin/v1/admin.pb.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "settlement/totals_store.h"

namespace coalition::settlement {

using TermsOf = std::function<absl::StatusOr<admin::v1::PartnerTerms>(int64_t version)>;

// `lines` are one partner's, in the order PeriodTotals gives them; `issued_before` is the
// points it issued earlier in the period's calendar month (its volume so far).
absl::StatusOr<v1::PartnerStatement> PriceStatement(
    const v1::Period& period, const std::string& partner_id, const std::string& currency,
    const std::vector<TotalsStore::PeriodLine>& lines, const TermsOf& terms_of,
    int64_t issued_before = 0);

// `points` issued on top of a month's volume of `issued_before`: each part priced at the tier
// it falls in (the base price below the first tier), each part rounded once. Exact, unbounded.
absl::StatusOr<absl::int128> TieredIssuance(int64_t points, absl::int128 issued_before,
                                            const admin::v1::PartnerTerms& terms);

// What the operator keeps of the issuance value of expired points (after the partner's share).
// Exact, unbounded; PriceStatement holds a partner's total of it to the bound.
absl::StatusOr<absl::int128> BreakageKept(const TotalsStore::PeriodLine& line,
                                          const admin::v1::PartnerTerms& terms);

// The statements with the operator's result per currency: what the partners pay it less what it
// pays them. Each partner's cash flow is minus its net, so the flows and the result sum to zero.
// OUT_OF_RANGE only if a currency's result does not fit in 64 bits (amount_bounds.h).
absl::StatusOr<v1::PeriodReport> AssembleReport(
    const v1::Period& period, std::vector<v1::PartnerStatement> statements,
    const std::vector<v1::CurrencyAmount>& breakage_revenue, int64_t operator_funded_points);

}  // namespace coalition::settlement
