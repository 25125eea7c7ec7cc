// The fake of RuleStore (services/earning/rule_store.h): the versions a test puts in it, oldest
// first; the one in force at a time is the latest that started by then.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/common/proto_time.h"
#include "services/earning/rule_store.h"

namespace coalition::earning {

class FakeRuleStore final : public RuleStore {
 public:
  absl::StatusOr<v1::EarnRules> Publish(const RequestKey&, const v1::EarnRules& rules) override {
    return rules;
  }
  absl::StatusOr<std::vector<v1::EarnRules>> List(const std::string&) override { return versions; }
  absl::StatusOr<std::optional<v1::EarnRules>> InForce(const std::string&,
                                                       absl::Time time) override {
    std::optional<v1::EarnRules> in_force;
    for (const auto& rules : versions) {
      if (ProtoTimeToMicros(rules.effective_time()) <= absl::ToUnixMicros(time)) in_force = rules;
    }
    return in_force;
  }
  std::vector<v1::EarnRules> versions;  // oldest first
};

}  // namespace coalition::earning
