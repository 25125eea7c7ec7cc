// The exact arithmetic of rates. Rates are rationals of integers; products are taken in 128 bits,
// and each result is rounded once, the way docs/rounding.md writes down:
//   - earned points round down: a member never gets a point they did not fully earn;
//   - money rounds half away from zero, on a statement's period total rather than per posting,
//     so rounding never accumulates across thousands of small purchases.
//
//   EarnedPoints(12'345, /*points=*/2, /*per_amount_minor=*/100)  -> 246   (EUR 123.45 at 2/EUR)
//   PriceOfPoints(500, /*amount_minor=*/8, /*per_points=*/10)     -> 400   (500 pts at 0.8 ct)
#pragma once

#include <cstdint>

#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"

namespace coalition {

// floor(amount_minor * points / per_amount_minor); amount_minor >= 0, per_amount_minor > 0.
absl::StatusOr<int64_t> EarnedPoints(int64_t amount_minor, int64_t points,
                                     int64_t per_amount_minor);

// round_half_away_from_zero(points * amount_minor / per_points); per_points > 0.
// `points` may be negative (reversals). OUT_OF_RANGE if the result does not fit in 64 bits.
absl::StatusOr<int64_t> PriceOfPoints(int64_t points, int64_t amount_minor, int64_t per_points);

// The same, kept in 128 bits for callers that sum or bound prices before narrowing them
// (settlement). OUT_OF_RANGE only if points * amount_minor does not fit in 127 bits, which no
// 64-bit points at a price term of at most 10^9 come near.
absl::StatusOr<absl::int128> ExactPriceOfPoints(absl::int128 points, int64_t amount_minor,
                                                int64_t per_points);

}  // namespace coalition
