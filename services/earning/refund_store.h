// Storage of refunds: claimed under the refunded purchase's row lock, before any points move.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "coalition/earning/v1/earning.pb.h"
#include "services/common/request_key.h"

namespace coalition::earning {

// What a purchase's refunds add up to so far.
struct RefundedSoFar {
  int64_t amount_minor = 0;
  int64_t points_due = 0;
};

// A claimed refund, and which decision of its reversal stands. A reversal the ledger refuses
// (the member spent the points between the decision and the posting) is decided again under the
// next number, and each decision posts under a ledger key of its own, so a decision the ledger
// refused is never re-sent with other points.
struct ClaimedRefund {
  v1::Refund refund;
  int decision = 0;
};

class RefundStore {
 public:
  virtual ~RefundStore() = default;

  // Decides the refund of the partner's purchase with `decide` (given the purchase and its
  // refunds so far, under the purchase's row lock) and claims it. A repeated key returns the
  // first refund without deciding again (ALREADY_EXISTS if the fingerprint differs);
  // ALREADY_EXISTS if partner_refund_id was used by another request; NOT_FOUND for an unknown
  // purchase; whatever `decide` refuses with.
  using Decide =
      std::function<absl::StatusOr<v1::Refund>(const v1::Purchase&, const RefundedSoFar&)>;
  virtual absl::StatusOr<ClaimedRefund> Claim(const RequestKey& key, const std::string& partner_id,
                                              const std::string& partner_transaction_id,
                                              const std::string& partner_refund_id,
                                              const Decide& decide) = 0;

  // Replaces decision `decision` of the refund's reversal with the next, taking back
  // `points_reversed`; returns the refund as it stands after (unchanged if `decision` was
  // replaced already).
  virtual absl::StatusOr<ClaimedRefund> Redecide(const std::string& refund_id, int decision,
                                                 int64_t points_reversed) = 0;

  // Withdraws a claim whose member the ledger no longer knows, so it leaves nothing behind.
  virtual absl::Status Withdraw(const std::string& refund_id) = 0;
};

}  // namespace coalition::earning
