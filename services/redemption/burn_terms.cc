#include "services/redemption/burn_terms.h"

#include <algorithm>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/limits.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/common/version_in_force.h"

namespace coalition::redemption {
namespace {

bool Accepts(const v1::BurnTerms& terms, const std::string& currency,
             const std::string& partner_currency) {
  if (terms.accepted_currencies().empty()) return currency == partner_currency;
  return std::find(terms.accepted_currencies().begin(), terms.accepted_currencies().end(),
                   currency) != terms.accepted_currencies().end();
}

// The largest amount of the bill that points may pay, rounded down.
int64_t PayableShare(const v1::BurnTerms& terms, int64_t bill_amount_minor) {
  return static_cast<int64_t>(absl::int128(bill_amount_minor) * terms.max_bill_share_bp() / 10'000);
}

}  // namespace

absl::Status ValidateBurnTerms(const v1::BurnTerms& terms) {
  RETURN_IF_ERROR(ValidateId("terms.partner_id", terms.partner_id()));
  RETURN_IF_ERROR(
      ValidatePositive("terms.value_amount_minor", terms.value_amount_minor(), kMaxRateTerm));
  RETURN_IF_ERROR(ValidatePositive("terms.value_per_points", terms.value_per_points(), kMaxRateTerm));
  if (terms.max_bill_share_bp() <= 0 || terms.max_bill_share_bp() > 10'000) {
    return absl::InvalidArgumentError(
        "terms.max_bill_share_bp: must be 1 to 10000 (100% of the bill)");
  }
  if (terms.min_points() < 0 || terms.min_points() > kMaxRateTerm) {
    return absl::InvalidArgumentError(absl::StrCat("terms.min_points: must be 0 to ", kMaxRateTerm));
  }
  if (terms.accepted_currencies_size() > 20) {
    return absl::InvalidArgumentError("terms.accepted_currencies: at most 20");
  }
  for (int i = 0; i < terms.accepted_currencies_size(); ++i) {
    RETURN_IF_ERROR(ValidateCurrency(absl::StrCat("terms.accepted_currencies[", i, "]"),
                                     terms.accepted_currencies(i)));
  }
  return absl::OkStatus();
}

std::optional<v1::BurnTerms> TermsInForce(const std::vector<v1::BurnTerms>& versions,
                                          absl::Time time) {
  return VersionInForce(versions, time);
}

int64_t ValueOfPoints(const v1::BurnTerms& terms, int64_t points) {
  return static_cast<int64_t>(absl::int128(points) * terms.value_amount_minor() /
                              terms.value_per_points());
}

v1::RedemptionQuote QuoteBill(const v1::BurnTerms& terms, int64_t bill_amount_minor,
                              int64_t available_points) {
  // The most points whose value fits in the payable share: floor(share * per / amount).
  const int64_t by_share =
      static_cast<int64_t>(absl::int128(PayableShare(terms, bill_amount_minor)) *
                           terms.value_per_points() / terms.value_amount_minor());
  v1::RedemptionQuote quote;
  quote.set_available_points(available_points);
  quote.set_terms_version(terms.version());
  quote.set_max_points(std::min(by_share, available_points));
  quote.set_limited_by(by_share <= available_points ? "bill share" : "balance");
  if (quote.max_points() < terms.min_points()) {
    quote.set_max_points(0);
    quote.set_limited_by("minimum points");
  }
  quote.set_points_value_minor(ValueOfPoints(terms, quote.max_points()));
  quote.set_remaining_to_pay_minor(bill_amount_minor - quote.points_value_minor());
  return quote;
}

absl::Status CheckCurrency(const v1::BurnTerms& terms, const std::string& currency,
                           const std::string& partner_currency) {
  if (Accepts(terms, currency, partner_currency)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "currency: partner '", terms.partner_id(), "' takes points on bills in ",
      terms.accepted_currencies().empty() ? partner_currency
                                          : absl::StrJoin(terms.accepted_currencies(), ", "),
      ", got '", currency, "'"));
}

absl::Status CheckSpend(const v1::BurnTerms& terms, int64_t points, int64_t bill_amount_minor,
                        const std::string& currency, const std::string& partner_currency) {
  if (points < terms.min_points()) {
    return absl::InvalidArgumentError(absl::StrCat("points: partner '", terms.partner_id(),
                                                   "' takes at least ", terms.min_points(),
                                                   " points per redemption, got ", points));
  }
  if (bill_amount_minor == 0) return absl::OkStatus();
  RETURN_IF_ERROR(CheckCurrency(terms, currency, partner_currency));
  const int64_t value = ValueOfPoints(terms, points);
  const int64_t payable = PayableShare(terms, bill_amount_minor);
  if (value > payable) {
    return absl::InvalidArgumentError(absl::StrCat(
        "points: ", points, " points are worth ", value, " minor units, more than the ", payable,
        " (", terms.max_bill_share_bp(), " bp of the bill) payable in points"));
  }
  return absl::OkStatus();
}

}  // namespace coalition::redemption
