// RedemptionStore on MariaDB (schema: migrations/0001_create_redemptions.sql).
#pragma once

#include "services/common/mariadb/connection_pool.h"
#include "services/redemption/redemption_store.h"

namespace coalition::redemption {

class MariaDbRedemptionStore final : public RedemptionStore {
 public:
  explicit MariaDbRedemptionStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Redemption> InsertRedemption(const RequestKey& key,
                                                  const v1::Redemption& redemption) override;
  absl::StatusOr<v1::Hold> InsertHold(const RequestKey& key, const v1::Hold& hold) override;
  absl::StatusOr<StoredHold> GetHold(const std::string& hold_id) override;
  absl::StatusOr<StoredHold> ClaimClose(const RequestKey& key, const v1::Hold& closing,
                                        absl::Time now) override;
  absl::StatusOr<bool> CloseHold(const RequestKey& key, const v1::Hold& closed) override;
  absl::Status DropClaim(const std::string& hold_id, const RequestKey& key) override;
  absl::StatusOr<std::vector<std::string>> InterruptedCloses(absl::Time before, int limit) override;
  absl::StatusOr<std::vector<v1::RedemptionRefund>> UnpostedRefunds(absl::Time before,
                                                                    int limit) override;
  absl::StatusOr<std::optional<v1::Redemption>> FindRedemption(const RequestKey& key) override;
  absl::StatusOr<std::optional<v1::Hold>> FindHold(const RequestKey& key) override;
  absl::StatusOr<std::vector<std::string>> ExpiredHolds(absl::Time now, int limit) override;
  absl::StatusOr<v1::RedemptionRefund> ReserveRefund(const RequestKey& key,
                                                     const RefundDraft& draft) override;
  absl::Status MarkRefundPosted(const std::string& refund_id, int64_t posting_sequence) override;
  absl::Status CancelRefund(const std::string& refund_id) override;

 private:
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::redemption
