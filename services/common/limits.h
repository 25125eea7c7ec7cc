// Every bound a request is held to that more than one component applies: the partner gateway
// checks a request against these before it forwards it, and the services check the same fields
// against the same constants, so the two never drift apart. The gateway's bound on a field is the
// loosest any service allows; a service may hold a particular field to a smaller bound (rate
// terms, a tier's minimum points), and then its INVALID_ARGUMENT names the field like the
// gateway's would. Bounds only one service knows (a hold's TTL, a tier ladder's levels) stay with
// it.
//
//   RETURN_IF_ERROR(ValidatePositive("points", request.points(), kMaxAmount));
//   ASSIGN_OR_RETURN(int32_t page_size, PageSize(request.page_size(), kDefaultPageSize,
//                                                kMaxPageSize));
#pragma once

#include <cstddef>
#include <cstdint>

namespace coalition {

// --- Amounts ---

// The largest amount one request or one ledger leg carries, in points or minor units: a
// purchase's amount_minor, a redemption's or hold's points, a leg's points, the points one
// purchase earns. 10^12 (10^10 in major units) is far above anything real, and with rate terms
// at most kMaxRateTerm every price or earn computation stays exact in 128 bits and its result in
// 64 (services/common/rate_math.h). The gateway holds every amount field of any request to it.
inline constexpr int64_t kMaxAmount = 1'000'000'000'000;

// The largest rate term (points per amount, a price's amount or per_points, a burn value): a
// term of 1..10^9 times an amount of at most kMaxAmount fits in 128 bits with room to spare.
inline constexpr int64_t kMaxRateTerm = 1'000'000'000;

// --- Request sizes ---

// Client idempotency keys (request_id and the partner's own transaction ids).
inline constexpr size_t kMaxRequestIdLength = 128;

// The longest string field the gateway forwards: ids, names and free text are all far shorter;
// services hold each field to its own, smaller bound.
inline constexpr size_t kMaxStringBytes = 4096;

// The most items one list in a request holds: an end-of-day file of purchases
// (RecordPurchases), the largest list any service takes. The gateway holds every list to it.
inline constexpr int kMaxBatchItems = 5000;

// --- Pages and batches ---

// A listing's page when the caller asks for none, and the largest it may ask for: enough for a
// screen or a report, small enough that a page is one short query.
inline constexpr int32_t kDefaultPageSize = 50;
inline constexpr int32_t kMaxPageSize = 500;

// The largest page of ListPostings: the settlement follower reads the ledger in pages of this
// size (5,000 postings a page follows 120k postings/s, 500 only 17k; PERFORMANCE.md).
inline constexpr int32_t kMaxPostingsPage = 5000;

// How many items one call of a sweeper (FinishInterrupted, expiry, tier or rekey runs) works
// through when it does not say, and at most: bounded so one call is one bounded transaction
// set, and a scheduler calls again for the rest.
inline constexpr int32_t kDefaultSweepItems = 1000;
inline constexpr int32_t kMaxSweepItems = 10000;

}  // namespace coalition
