// BonusStore on MariaDB (migrations/0009_bonuses.sql). The program in force is cached for a few
// seconds: the earn path asks for it whenever a referred member's purchase is credited.
#pragma once

#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "services/account/bonus_store.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account {

class MariaDbBonusStore final : public BonusStore {
 public:
  static constexpr absl::Duration kCacheTime = absl::Seconds(5);

  explicit MariaDbBonusStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::BonusProgram> Publish(const RequestKey& key,
                                           const v1::BonusProgram& program) override;
  absl::StatusOr<v1::BonusProgram> Current() override;
  // The same, inside the caller's transaction.
  v1::BonusProgram CurrentIn(mariadb::Connection& db);

 private:
  mariadb::ConnectionPool& pool_;
  absl::Mutex mu_;
  std::shared_ptr<const v1::BonusProgram> current_ ABSL_GUARDED_BY(mu_);
  absl::Time read_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace coalition::account
