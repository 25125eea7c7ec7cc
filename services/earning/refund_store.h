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
  virtual absl::StatusOr<v1::Refund> Claim(const RequestKey& key, const std::string& partner_id,
                                           const std::string& partner_transaction_id,
                                           const std::string& partner_refund_id,
                                           const Decide& decide) = 0;

  // Withdraws a claim whose points the ledger refused, so it can be decided again or leave
  // nothing behind.
  virtual absl::Status Withdraw(const std::string& refund_id) = 0;
};

}  // namespace coalition::earning
