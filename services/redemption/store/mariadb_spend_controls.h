// SpendControlStore on MariaDB (schema: migrations/0005_spend_controls.sql).
#pragma once

#include "services/common/mariadb/connection_pool.h"
#include "services/redemption/spend_control_store.h"

namespace coalition::redemption {

class MariaDbSpendControls final : public SpendControlStore {
 public:
  explicit MariaDbSpendControls(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::Status Admit(const RequestKey& key, const Spending& spending, absl::Time now) override;
  absl::Status RefuseIfSwitchedOff(const RequestKey& key, const Spending& spending,
                                   absl::Time now) override;
  absl::Status Forget(const std::string& spending_id) override;
  absl::Status Prune(absl::Time before) override;
  absl::StatusOr<v1::PartnerRedemptions> SetSwitch(const RequestKey& key,
                                                   const v1::SetPartnerRedemptionsRequest& request,
                                                   absl::Time now) override;
  absl::StatusOr<v1::BurnLimits> SetLimits(const RequestKey& key, const v1::BurnLimits& limits,
                                           absl::Time now) override;
  absl::StatusOr<v1::BurnLimits> Limits() override;
  absl::StatusOr<std::vector<v1::BurnRefusal>> Refusals(const std::string& member_id,
                                                        const std::string& partner_id,
                                                        int limit) override;

 private:
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::redemption
