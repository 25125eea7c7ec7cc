// RefundStore on MariaDB (migrations/0003_refunds.sql, 0007_request_claims.sql).
#pragma once

#include "services/common/mariadb/connection_pool.h"
#include "services/earning/refund_store.h"

namespace coalition::earning {

class MariaDbRefundStore final : public RefundStore {
 public:
  explicit MariaDbRefundStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<ClaimedRefund> Claim(const RequestKey& key, const std::string& partner_id,
                                      const std::string& partner_transaction_id,
                                      const std::string& partner_refund_id,
                                      const Decide& decide) override;
  absl::StatusOr<ClaimedRefund> Redecide(const std::string& refund_id, int decision,
                                         int64_t points_reversed) override;
  absl::Status Withdraw(const std::string& refund_id) override;

 private:
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::earning
