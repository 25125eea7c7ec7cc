#include "services/earning/store/mariadb_rule_store.h"

#include "services/earning/earn_rules.h"

namespace coalition::earning {

absl::StatusOr<std::optional<v1::EarnRules>> MariaDbRuleStore::InForce(
    const std::string& partner_id, absl::Time time) {
  ASSIGN_OR_RETURN(auto versions, versions_.Cached(partner_id));
  return RulesInForce(*versions, time);
}

}  // namespace coalition::earning
