// PurchaseStore on MariaDB (schema: migrations/0001_create_purchases.sql).
#pragma once

#include "services/common/mariadb/connection_pool.h"
#include "services/earning/purchase_store.h"

namespace coalition::earning {

class MariaDbPurchaseStore final : public PurchaseStore {
 public:
  explicit MariaDbPurchaseStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Purchase> Claim(const RequestKey& key, const v1::Purchase& purchase) override;
  absl::Status Withdraw(const std::string& purchase_id) override;

 private:
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::earning
