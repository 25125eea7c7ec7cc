// PurchaseStore on MariaDB (schema: migrations/*.sql). A claim is one autocommit INSERT; when the
// points depend on the member's other purchases at the partner (a first-purchase promotion, a
// monthly cap) it is a transaction that first re-reads those under a lock.
#pragma once

#include "services/common/mariadb/connection_pool.h"
#include "services/earning/purchase_store.h"

namespace coalition::earning {

class MariaDbPurchaseStore final : public PurchaseStore {
 public:
  explicit MariaDbPurchaseStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<MemberFacts> Facts(const std::string& member_id, const std::string& partner_id,
                                    absl::Time month_start, absl::Time month_end) override;
  absl::StatusOr<v1::Purchase> Claim(const RequestKey& key, const v1::Purchase& purchase,
                                     const std::optional<MemberFacts>& assumed) override;
  // Multi-row inserts (INSERT IGNORE ... RETURNING: a row not inserted collided with an earlier
  // claim, which Claim's read answers).
  std::vector<absl::StatusOr<v1::Purchase>> ClaimAll(std::span<const ToClaim> claims) override;
  absl::StatusOr<std::optional<v1::Purchase>> Find(const RequestKey& key) override;
  absl::Status RecordPosting(const std::string& purchase_id, int64_t posting_sequence) override;
  absl::Status RecordPostings(std::span<const std::pair<std::string, int64_t>> postings) override;
  absl::Status Withdraw(const std::string& purchase_id) override;
  absl::StatusOr<v1::Purchase> Get(const std::string& purchase_id) override;
  absl::StatusOr<Stored> GetByTransaction(const std::string& partner_id,
                                          const std::string& partner_transaction_id) override;
  absl::StatusOr<bool> Settle(const std::string& purchase_id, v1::Purchase::State state,
                              const RequestKey& key, absl::Time now) override;

  // Lapsing pending purchases: mariadb_pending_lapse.cc.
  absl::StatusOr<v1::PendingLapseRun> StartLapseRun(const RequestKey& key, absl::Time now) override;
  absl::StatusOr<std::vector<std::string>> PurchasesToLapse(absl::Time as_of, int limit) override;
  absl::StatusOr<v1::PendingLapseRun> EndLapseStep(const v1::PendingLapseRun& run, int64_t lapsed,
                                                   bool complete) override;

 private:
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::earning
