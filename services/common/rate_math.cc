#include "services/common/rate_math.h"

#include <limits>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"

namespace coalition {
namespace {

absl::StatusOr<int64_t> Narrow(absl::int128 value) {
  if (value > std::numeric_limits<int64_t>::max() || value < std::numeric_limits<int64_t>::min()) {
    return absl::OutOfRangeError("result does not fit in 64 bits");
  }
  return static_cast<int64_t>(value);
}

}  // namespace

absl::StatusOr<int64_t> EarnedPoints(int64_t amount_minor, int64_t points,
                                     int64_t per_amount_minor) {
  if (amount_minor < 0 || points < 0 || per_amount_minor <= 0) {
    return absl::InvalidArgumentError("earn rate arithmetic needs amount >= 0 and a positive rate");
  }
  // Non-negative operands: integer division is floor.
  return Narrow(absl::int128(amount_minor) * points / per_amount_minor);
}

absl::StatusOr<int64_t> PriceOfPoints(int64_t points, int64_t amount_minor, int64_t per_points) {
  absl::StatusOr<absl::int128> price = ExactPriceOfPoints(points, amount_minor, per_points);
  if (!price.ok()) return price.status();
  return Narrow(*price);
}

absl::StatusOr<absl::int128> ExactPriceOfPoints(absl::int128 points, int64_t amount_minor,
                                                int64_t per_points) {
  if (amount_minor < 0 || per_points <= 0) {
    return absl::InvalidArgumentError("point price arithmetic needs a non-negative price");
  }
  constexpr absl::int128 kMax = std::numeric_limits<absl::int128>::max();
  const bool too_large =
      points < -kMax || (amount_minor > 0 && (points < 0 ? -points : points) > kMax / amount_minor);
  if (too_large) {
    return absl::OutOfRangeError("points x price does not fit in 128 bits");
  }
  const absl::int128 numerator = points * amount_minor;
  absl::int128 quotient = numerator / per_points;  // truncates toward zero
  const absl::int128 remainder = numerator % per_points;
  const absl::int128 twice_remainder = remainder < 0 ? -2 * remainder : 2 * remainder;
  if (twice_remainder >= per_points) quotient += numerator < 0 ? -1 : 1;
  return quotient;
}

}  // namespace coalition
