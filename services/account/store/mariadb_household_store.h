// HouseholdStore on MariaDB (migrations/0005_transfers_and_households.sql). Every change locks
// the household's row first, so membership counts and checks cannot race.
#pragma once

#include <functional>
#include <string>

#include "services/account/household_store.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account {

class MariaDbHouseholdStore final : public HouseholdStore {
 public:
  explicit MariaDbHouseholdStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Household> Create(const RequestKey& key,
                                       const v1::Household& household) override;
  absl::StatusOr<v1::Household> AddMember(const RequestKey& key, const std::string& household_id,
                                          const std::string& member_id, absl::Time now) override;
  absl::StatusOr<v1::Household> RemoveMember(const RequestKey& key, const std::string& household_id,
                                             const std::string& member_id, absl::Time now) override;
  absl::StatusOr<v1::Household> Get(const std::string& household_id) override;

 private:
  enum class Action { kCreated = 1, kJoined = 2, kLeft = 3 };

  // Checks the change and returns the household as it will be after it.
  using ChangeFn = std::function<absl::StatusOr<v1::Household>(mariadb::Connection&)>;

  // Unless `key` was used before (then its answer again): runs `change` in a transaction,
  // records it with its answer, and joins or removes the member.
  absl::StatusOr<v1::Household> Change(const RequestKey& key, const std::string& household_id,
                                       const std::string& member_id, Action action, absl::Time now,
                                       const ChangeFn& change);

  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::account
