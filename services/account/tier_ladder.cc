#include "services/account/tier_ladder.h"

#include <algorithm>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {

v1::TierLadder BuiltInTierLadder() {
  v1::TierLadder ladder;
  ladder.set_window_months(12);
  v1::TierLevel& member = *ladder.add_levels();
  member.set_tier_id("member");
  member.set_display_name("Member");
  member.set_earn_multiplier_bp(10'000);
  return ladder;
}

absl::Status ValidateTierLadder(const v1::SetTierLadderRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  if (request.window_months() < 1 || request.window_months() > 36) {
    return absl::InvalidArgumentError(
        absl::StrCat("window_months: must be between 1 and 36, got ", request.window_months()));
  }
  if (request.levels_size() < 1 || request.levels_size() > kMaxTierLevels) {
    return absl::InvalidArgumentError(absl::StrCat("levels: a ladder has 1 to ", kMaxTierLevels,
                                                   " levels, got ", request.levels_size()));
  }
  std::set<std::string> ids;
  for (int i = 0; i < request.levels_size(); ++i) {
    const v1::TierLevel& level = request.levels(i);
    const std::string field = absl::StrCat("levels[", i, "]");
    RETURN_IF_ERROR(ValidatePartnerSlug(absl::StrCat(field, ".tier_id"), level.tier_id()));
    if (!ids.insert(level.tier_id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".tier_id: '", level.tier_id(), "' is used twice"));
    }
    RETURN_IF_ERROR(ValidateText(absl::StrCat(field, ".display_name"), level.display_name(), 100,
                                 /*required=*/true));
    if (i == 0 && level.qualifying_points() != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".qualifying_points: the lowest level's must be 0, got ",
                       level.qualifying_points()));
    }
    if (i > 0 && level.qualifying_points() <= request.levels(i - 1).qualifying_points()) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".qualifying_points: must be above the level below's ",
          request.levels(i - 1).qualifying_points(), ", got ", level.qualifying_points()));
    }
    if (level.earn_multiplier_bp() < 10'000 || level.earn_multiplier_bp() > 100'000) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".earn_multiplier_bp: must be between 10000 (x1) and 100000 (x10), got ",
          level.earn_multiplier_bp()));
    }
  }
  return absl::OkStatus();
}

int QualifiedRank(const v1::TierLadder& ladder, int64_t qualifying_points) {
  int rank = 0;
  for (int i = 0; i < ladder.levels_size(); ++i) {
    if (qualifying_points >= ladder.levels(i).qualifying_points()) rank = i;
  }
  return rank;
}

int MonthIndex(absl::Time time) {
  const absl::CivilMonth month = absl::ToCivilMonth(time, absl::UTCTimeZone());
  return static_cast<int>(month.year() * 12 + month.month() - 1);
}

int WindowStartMonth(const v1::TierLadder& ladder, absl::Time now) {
  return MonthIndex(now) - ladder.window_months() + 1;
}

v1::MemberTier DescribeTier(const v1::TierLadder& ladder, int rank, int64_t qualifying_points,
                            int64_t review_at_us) {
  rank = std::clamp(rank, 0, ladder.levels_size() - 1);
  v1::MemberTier tier;
  tier.set_tier_id(ladder.levels(rank).tier_id());
  tier.set_display_name(ladder.levels(rank).display_name());
  tier.set_earn_multiplier_bp(ladder.levels(rank).earn_multiplier_bp());
  tier.set_qualifying_points(qualifying_points);
  if (rank + 1 < ladder.levels_size()) {
    const v1::TierLevel& next = ladder.levels(rank + 1);
    tier.set_next_tier_id(next.tier_id());
    tier.set_points_to_next_tier(
        std::max<int64_t>(0, next.qualifying_points() - qualifying_points));
  }
  if (review_at_us > 0) *tier.mutable_review_time() = MicrosToProtoTime(review_at_us);
  return tier;
}

}  // namespace coalition::account
