// RuleStore on MariaDB (migrations/0002_earn_rules.sql), through the shared versioned-settings
// store: versions never change, so each partner's list is cached for a few seconds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/common/mariadb/versioned_protos.h"
#include "services/earning/rule_store.h"

namespace coalition::earning {

class MariaDbRuleStore final : public RuleStore {
 public:
  explicit MariaDbRuleStore(mariadb::ConnectionPool& pool)
      : versions_(pool, "earn_rules", "rules") {}

  absl::StatusOr<v1::EarnRules> Publish(const RequestKey& key,
                                        const v1::EarnRules& rules) override {
    return versions_.Publish(key, rules);
  }
  absl::StatusOr<std::vector<v1::EarnRules>> List(const std::string& partner_id) override {
    return versions_.List(partner_id);
  }
  absl::StatusOr<std::optional<v1::EarnRules>> InForce(const std::string& partner_id,
                                                       absl::Time time) override;

 private:
  mariadb::VersionedProtos<v1::EarnRules> versions_;
};

}  // namespace coalition::earning
