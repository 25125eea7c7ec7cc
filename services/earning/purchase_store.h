// Storage of recorded purchases.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "coalition/earning/v1/earning.pb.h"
#include "services/common/request_key.h"

namespace coalition::earning {

class PurchaseStore {
 public:
  virtual ~PurchaseStore() = default;

  // Claims the purchase under its request key and its partner transaction, before any points
  // move. Returns what is stored: `purchase` when this call claimed it; the earlier purchase when
  // this request (same key, same fingerprint) claimed it before. ALREADY_EXISTS when the request
  // id was used for other content, or the partner transaction by another request.
  virtual absl::StatusOr<v1::Purchase> Claim(const RequestKey& key,
                                             const v1::Purchase& purchase) = 0;

  // Withdraws a claim whose points the ledger refused for good (an unknown member), so the
  // refused request leaves nothing behind.
  virtual absl::Status Withdraw(const std::string& purchase_id) = 0;
};

}  // namespace coalition::earning
