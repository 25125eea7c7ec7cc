// Storage of partners' versioned earn rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/earning/v1/earning.pb.h"
#include "services/common/request_key.h"

namespace coalition::earning {

class RuleStore {
 public:
  virtual ~RuleStore() = default;

  // Inserts `rules` as the partner's next version. A repeated RequestKey returns the version it
  // made (ALREADY_EXISTS if the fingerprint differs).
  virtual absl::StatusOr<v1::EarnRules> Publish(const RequestKey& key,
                                                const v1::EarnRules& rules) = 0;
  // The partner's versions, newest first.
  virtual absl::StatusOr<std::vector<v1::EarnRules>> List(const std::string& partner_id) = 0;
  // The version in force at `time`, if the partner has any by then.
  virtual absl::StatusOr<std::optional<v1::EarnRules>> InForce(const std::string& partner_id,
                                                               absl::Time time) = 0;
};

}  // namespace coalition::earning
