// RewardStore on MariaDB (schema: migrations/0007_reward_catalogue.sql).
#pragma once

#include "services/common/mariadb/connection_pool.h"
#include "services/redemption/reward_store.h"

namespace coalition::redemption {

class MariaDbRewardStore final : public RewardStore {
 public:
  explicit MariaDbRewardStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Reward> Put(const RequestKey& key, const v1::Reward& reward,
                                 absl::Time now) override;
  absl::StatusOr<std::vector<v1::Reward>> List(const std::string& partner_id) override;
  absl::StatusOr<v1::RewardOrder> Reserve(const RequestKey& key,
                                          const v1::RewardOrder& order) override;
  absl::Status SetRedemption(const std::string& order_id,
                             const std::string& redemption_id) override;
  absl::Status Cancel(const std::string& order_id) override;
  absl::StatusOr<std::vector<UnfinishedOrder>> Unfinished(absl::Time before, int limit) override;

 private:
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::redemption
