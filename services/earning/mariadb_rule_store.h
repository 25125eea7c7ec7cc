// RuleStore on MariaDB (migrations/0002_earn_rules.sql). Versions never change, so each
// partner's list is cached for a few seconds: the earn path does not read the table per
// purchase, and a new version is in use everywhere within kCacheTime of its publication.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/earning/rule_store.h"

namespace coalition::earning {

class MariaDbRuleStore final : public RuleStore {
 public:
  static constexpr absl::Duration kCacheTime = absl::Seconds(5);
  static constexpr size_t kMaxCachedPartners = 10'000;

  explicit MariaDbRuleStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::EarnRules> Publish(const RequestKey& key, const v1::EarnRules& rules) override;
  absl::StatusOr<std::vector<v1::EarnRules>> List(const std::string& partner_id) override;
  absl::StatusOr<std::optional<v1::EarnRules>> InForce(const std::string& partner_id,
                                                       absl::Time time) override;

 private:
  struct Cached {
    std::shared_ptr<const std::vector<v1::EarnRules>> versions;  // newest first
    absl::Time read_at;
  };

  mariadb::ConnectionPool& pool_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Cached> cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::earning
