// The earn rule engine: what a purchase earns under a partner's rules, and why, line by line.
// Pure functions, table-tested in tests/unit/earn_rules_test.cc; docs/earning.md describes every
// rule kind with an example.
//
// All variable contributions (the base rate, and bonuses as a share of it) are summed exactly
// as one rational and rounded down once; fixed bonuses are added after; then the caps apply.
//
//   ASSIGN_OR_RETURN(v1::EarnBreakdown breakdown, EvaluateEarn(rules, context));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/earning/v1/earning.pb.h"
#include "services/common/limits.h"

namespace coalition::earning {

inline constexpr int32_t kMaxBonusBp = 1'000'000;  // +x100: far above any real promotion
inline constexpr int kMaxCoFunders = 4;  // per promotion; a posting has at most 8 legs
// The rules' reporting window and pending TTL: 0 means the default, else 1 to kMaxWindowDays.
inline constexpr int kDefaultReportingWindowDays = 30;
inline constexpr int kDefaultPendingTtlDays = 90;
inline constexpr int kMaxWindowDays = 365;

// What the engine needs to know about one purchase, besides the rules.
struct EarnContext {
  int64_t amount_minor = 0;
  std::string category;
  std::vector<std::string> sku_groups;
  absl::Time purchase_time;
  std::string tier_id;
  int32_t tier_ladder_bonus_bp = 0;  // the tier's multiplier on the ladder, minus x1
  bool first_purchase_at_partner = false;
  int64_t points_this_month = 0;  // already earned at the partner in the purchase's UTC month
};

// INVALID_ARGUMENT naming the field (as "rules.promotions[2].end_time: ...") when the rules
// cannot be published.
absl::Status ValidateEarnRules(const v1::EarnRules& rules);

// The purchase's points and their breakdown. INVALID_ARGUMENT when the amount would earn more
// than kMaxAmount.
absl::StatusOr<v1::EarnBreakdown> EvaluateEarn(const v1::EarnRules& rules,
                                               const EarnContext& context);

// The version in force at `time` among a partner's `versions` (any order): the latest
// effective_time at or before it, the higher version of two with the same; none before the first.
std::optional<v1::EarnRules> RulesInForce(const std::vector<v1::EarnRules>& versions,
                                          absl::Time time);

// Whether the breakdown includes a first-purchase-only promotion (it must then really be the
// member's first purchase at the partner when it is recorded).
bool UsesFirstPurchaseBonus(const v1::EarnRules& rules, const EarnContext& context);

}  // namespace coalition::earning
