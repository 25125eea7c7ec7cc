#include "settlement/amount_bounds.h"

#include <limits>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace coalition::settlement {
namespace {

// absl::StrCat takes no int128.
std::string Text(absl::int128 amount) {
  std::ostringstream out;
  out << amount;
  return out.str();
}

}  // namespace

std::string BeyondBoundReason(absl::string_view what, absl::int128 amount) {
  return absl::StrCat(what, " comes to ", Text(amount), " minor units, beyond the ",
                      kMaxSettlementAmountMinor,
                      " settlement carries: check the partner's terms; the operator settles this "
                      "by hand");
}

absl::StatusOr<std::vector<v1::CurrencyAmount>> CurrencyTotals::Amounts() const {
  std::vector<v1::CurrencyAmount> amounts;
  for (const auto& [currency, total] : totals_) {
    if (total > std::numeric_limits<int64_t>::max() ||
        total < std::numeric_limits<int64_t>::min()) {
      return absl::OutOfRangeError(absl::StrCat(currency, ": the total over all partners, ",
                                                Text(total),
                                                " minor units, does not fit in 64 bits"));
    }
    v1::CurrencyAmount& line = amounts.emplace_back();
    line.set_currency(currency);
    line.set_amount_minor(static_cast<int64_t>(total));
  }
  return amounts;
}

}  // namespace coalition::settlement
