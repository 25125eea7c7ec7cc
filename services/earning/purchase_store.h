// Storage of recorded purchases.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "coalition/earning/v1/earning.pb.h"
#include "services/common/request_key.h"

namespace coalition::earning {

class PurchaseStore {
 public:
  virtual ~PurchaseStore() = default;

  // The purchase recorded under this key (ALREADY_EXISTS when its fingerprint differs).
  virtual absl::StatusOr<std::optional<v1::Purchase>> FindByRequest(const RequestKey& key) = 0;
  virtual absl::StatusOr<std::optional<v1::Purchase>> FindByPartnerTransaction(
      const std::string& partner_id, const std::string& partner_transaction_id) = 0;

  // Records the purchase. If a concurrent request recorded it first: that purchase for the same
  // key, ALREADY_EXISTS for another key with the same partner transaction.
  virtual absl::StatusOr<v1::Purchase> Insert(const RequestKey& key,
                                              const v1::Purchase& purchase) = 0;
};

}  // namespace coalition::earning
