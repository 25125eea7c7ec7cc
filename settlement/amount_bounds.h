// How large an amount settlement puts on a statement, a report or the liability report, and what
// happens beyond it (docs/settlement.md, "Amounts beyond the bound").
//
// Prices are worked out in 128 bits (services/common/rate_math.h), where no 64-bit points at any
// valid price overflow. Each partner's amounts are then held to kMaxSettlementAmountMinor. One
// beyond it comes from terms or a volume far outside anything real (a point priced at 10^9 minor
// units, say): that partner's statement is UNPRICED, with the reason, for the operator to settle
// by hand, and every other partner is priced as usual. A bound on the terms alone could not
// promise this: a period's points have no bound but the ledger's own 64 bits.
//
// The bound is also what keeps the totals in 64 bits: a per-currency total (operator result,
// margin, breakage revenue, liability) sums one bounded amount per partner, so it fits in int64
// for any coalition of up to 9,223 partners all at the bound. CurrencyTotals still checks.
//
//   if (!WithinSettlementBound(amount)) line.set_unpriced_reason(BeyondBoundReason(...));
//   CurrencyTotals margin;
//   margin.Add("EUR", net);
//   ASSIGN_OR_RETURN(std::vector<v1::CurrencyAmount> amounts, margin.Amounts());
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "services/common/limits.h"

namespace coalition::settlement {

// 10^15 minor units (10^13 in major units): a thousand times the largest amount a client may send
// (kMaxAmount), and far above any partner's period.
inline constexpr int64_t kMaxSettlementAmountMinor = 1'000 * kMaxAmount;

inline bool WithinSettlementBound(absl::int128 amount) {
  return amount <= kMaxSettlementAmountMinor && amount >= -kMaxSettlementAmountMinor;
}

// Why an amount was not put on a statement, e.g. "ISSUED at terms version 0 comes to
// 1000000000000000000000 minor units, beyond the 1000000000000000 settlement carries".
std::string BeyondBoundReason(absl::string_view what, absl::int128 amount);

// Sums per currency, exact in 128 bits; OUT_OF_RANGE from Amounts() if a total does not fit in
// 64 bits (see above: thousands of partners at the bound).
class CurrencyTotals {
 public:
  void Add(const std::string& currency, absl::int128 amount) { totals_[currency] += amount; }
  // In currency order.
  absl::StatusOr<std::vector<v1::CurrencyAmount>> Amounts() const;

 private:
  std::map<std::string, absl::int128> totals_;
};

}  // namespace coalition::settlement
