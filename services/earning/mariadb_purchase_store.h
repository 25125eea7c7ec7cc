// PurchaseStore on MariaDB (schema: migrations/0001_create_purchases.sql).
#pragma once

#include "services/common/mariadb/connection_pool.h"
#include "services/earning/purchase_store.h"

namespace coalition::earning {

class MariaDbPurchaseStore final : public PurchaseStore {
 public:
  explicit MariaDbPurchaseStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<std::optional<v1::Purchase>> FindByRequest(const RequestKey& key) override;
  absl::StatusOr<std::optional<v1::Purchase>> FindByPartnerTransaction(
      const std::string& partner_id, const std::string& partner_transaction_id) override;
  absl::StatusOr<v1::Purchase> Insert(const RequestKey& key, const v1::Purchase& purchase) override;

 private:
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::earning
