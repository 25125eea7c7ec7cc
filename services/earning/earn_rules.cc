#include "services/earning/earn_rules.h"

#include <algorithm>
#include <set>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "services/common/limits.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/time_validation.h"
#include "services/common/validation.h"
#include "services/common/version_in_force.h"

namespace coalition::earning {
namespace {

using Line = v1::EarnBreakdown::Line;

constexpr int kMaxEntries = 100;

absl::Status ValidateRate(const std::string& field, const v1::EarnRate& rate) {
  RETURN_IF_ERROR(ValidatePositive(absl::StrCat(field, ".points"), rate.points(), kMaxRateTerm));
  return ValidatePositive(absl::StrCat(field, ".per_amount_minor"), rate.per_amount_minor(),
                          kMaxRateTerm);
}

absl::Status ValidateBonus(const std::string& field, int64_t bonus_bp) {
  if (bonus_bp < 0 || bonus_bp > kMaxBonusBp) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be 0 to ", kMaxBonusBp, " basis points, got ", bonus_bp));
  }
  return absl::OkStatus();
}

absl::Status ValidateBonusMap(const std::string& field,
                              const google::protobuf::Map<std::string, int32_t>& bonuses) {
  if (bonuses.size() > kMaxEntries) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": at most ", kMaxEntries, " entries"));
  }
  for (const auto& [key, bonus_bp] : bonuses) {
    RETURN_IF_ERROR(ValidateText(absl::StrCat(field, " key"), key, 64, /*required=*/true));
    RETURN_IF_ERROR(ValidateBonus(absl::StrCat(field, "[", key, "]"), bonus_bp));
  }
  return absl::OkStatus();
}

absl::Status ValidatePromotion(const std::string& field, const std::string& partner_id,
                               const v1::Promotion& promotion) {
  RETURN_IF_ERROR(ValidateText(absl::StrCat(field, ".promotion_id"), promotion.promotion_id(), 64,
                               /*required=*/true));
  if (promotion.has_start_time()) {
    RETURN_IF_ERROR(ValidateTimestamp(absl::StrCat(field, ".start_time"), promotion.start_time()));
  }
  if (promotion.has_end_time()) {
    RETURN_IF_ERROR(ValidateTimestamp(absl::StrCat(field, ".end_time"), promotion.end_time()));
  }
  if (!promotion.has_start_time() || !promotion.has_end_time() ||
      ProtoTimeToMicros(promotion.start_time()) >= ProtoTimeToMicros(promotion.end_time())) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".end_time: a promotion needs a start_time before its end_time"));
  }
  RETURN_IF_ERROR(ValidateBonus(absl::StrCat(field, ".bonus_bp"), promotion.bonus_bp()));
  if (promotion.bonus_points() < 0 || promotion.bonus_points() > kMaxRateTerm) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".bonus_points: must be 0 to ", kMaxRateTerm));
  }
  if (promotion.bonus_bp() == 0 && promotion.bonus_points() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".bonus_bp: a promotion gives bonus_bp or bonus_points"));
  }
  if (promotion.cost_shares_size() > kMaxCoFunders) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".cost_shares: at most ", kMaxCoFunders, " co-funders"));
  }
  int32_t shared_bp = 0;
  std::set<std::string> co_funders;
  for (int i = 0; i < promotion.cost_shares_size(); ++i) {
    const v1::CostShare& share = promotion.cost_shares(i);
    const std::string share_field = absl::StrCat(field, ".cost_shares[", i, "]");
    RETURN_IF_ERROR(ValidateId(absl::StrCat(share_field, ".partner_id"), share.partner_id()));
    if (share.partner_id() == partner_id || !co_funders.insert(share.partner_id()).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          share_field, ".partner_id: '", share.partner_id(),
          "' is the partner itself or named twice; a co-funder is another partner, once"));
    }
    if (share.share_bp() < 1 || share.share_bp() > 10'000) {
      return absl::InvalidArgumentError(
          absl::StrCat(share_field, ".share_bp: must be 1 to 10000, got ", share.share_bp()));
    }
    shared_bp += share.share_bp();
  }
  if (shared_bp > 10'000) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".cost_shares: the shares add up to ",
                                                   shared_bp, " bp, more than 10000"));
  }
  return absl::OkStatus();
}

bool PromotionApplies(const v1::Promotion& promotion, const EarnContext& context) {
  const int64_t at = absl::ToUnixMicros(context.purchase_time);
  return ProtoTimeToMicros(promotion.start_time()) <= at &&
         at < ProtoTimeToMicros(promotion.end_time()) &&
         (promotion.tier_id().empty() || promotion.tier_id() == context.tier_id) &&
         (promotion.category().empty() || promotion.category() == context.category) &&
         (!promotion.first_purchase_only() || context.first_purchase_at_partner);
}

std::string RateText(const v1::EarnRate& rate) {
  return absl::StrCat(rate.points(), " per ", rate.per_amount_minor(), " minor units");
}

// Lines whose value is amount * rate * share / 10000 points, kept exact until the end.
class ExactLines {
 public:
  ExactLines(int64_t amount_minor, const v1::EarnRate& rate)
      : per_share_(absl::int128(amount_minor) * rate.points()),
        denominator_(absl::int128(rate.per_amount_minor()) * 10'000) {}

  void Add(v1::EarnBreakdown& breakdown, Line::Kind kind, std::string rule, int64_t share_bp) {
    const absl::int128 numerator = per_share_ * share_bp;
    sum_ += numerator;
    Line& line = *breakdown.add_lines();
    line.set_kind(kind);
    line.set_rule(std::move(rule));
    line.set_millipoints(static_cast<int64_t>(numerator * 1000 / denominator_));
  }

  // The whole points in the sum, rounded down once.
  absl::int128 Floor() const { return sum_ / denominator_; }

 private:
  const absl::int128 per_share_;
  const absl::int128 denominator_;
  absl::int128 sum_ = 0;
};

void AddLine(v1::EarnBreakdown& breakdown, Line::Kind kind, std::string rule, int64_t millipoints) {
  Line& line = *breakdown.add_lines();
  line.set_kind(kind);
  line.set_rule(std::move(rule));
  line.set_millipoints(millipoints);
}

int64_t SumOfLines(const v1::EarnBreakdown& breakdown) {
  int64_t sum = 0;
  for (const Line& line : breakdown.lines()) sum += line.millipoints();
  return sum;
}

}  // namespace

absl::Status ValidateEarnRules(const v1::EarnRules& rules) {
  RETURN_IF_ERROR(ValidateId("rules.partner_id", rules.partner_id()));
  RETURN_IF_ERROR(ValidateRate("rules.base_rate", rules.base_rate()));
  if (rules.category_rates_size() > kMaxEntries) {
    return absl::InvalidArgumentError(
        absl::StrCat("rules.category_rates: at most ", kMaxEntries, " entries"));
  }
  for (const auto& [category, rate] : rules.category_rates()) {
    RETURN_IF_ERROR(ValidateText("rules.category_rates key", category, 64, /*required=*/true));
    RETURN_IF_ERROR(ValidateRate(absl::StrCat("rules.category_rates[", category, "]"), rate));
  }
  RETURN_IF_ERROR(ValidateBonusMap("rules.category_bonus_bp", rules.category_bonus_bp()));
  RETURN_IF_ERROR(ValidateBonusMap("rules.sku_group_bonus_bp", rules.sku_group_bonus_bp()));
  RETURN_IF_ERROR(ValidateBonusMap("rules.tier_bonus_bp", rules.tier_bonus_bp()));
  if (rules.promotions_size() > 50) {
    return absl::InvalidArgumentError("rules.promotions: at most 50");
  }
  std::set<std::string> promotion_ids;
  std::set<std::string> all_co_funders;
  for (const v1::Promotion& promotion : rules.promotions()) {
    for (const v1::CostShare& share : promotion.cost_shares()) {
      all_co_funders.insert(share.partner_id());
    }
  }
  if (all_co_funders.size() > 6) {  // with the partner and the member: a posting's 8 legs
    return absl::InvalidArgumentError(
        "rules.promotions: at most 6 co-funders across all the promotions of a version");
  }
  for (int i = 0; i < rules.promotions_size(); ++i) {
    const std::string field = absl::StrCat("rules.promotions[", i, "]");
    RETURN_IF_ERROR(ValidatePromotion(field, rules.partner_id(), rules.promotions(i)));
    if (!promotion_ids.insert(rules.promotions(i).promotion_id()).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".promotion_id: '", rules.promotions(i).promotion_id(), "' is used twice"));
    }
  }
  for (const auto& [field, value] :
       {std::pair{"rules.min_spend_minor", rules.min_spend_minor()},
        std::pair{"rules.max_points_per_purchase", rules.max_points_per_purchase()},
        std::pair{"rules.max_points_per_member_per_month",
                  rules.max_points_per_member_per_month()}}) {
    if (value < 0 || value > kMaxAmount) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": must be 0 (none) to ", kMaxAmount));
    }
  }
  RETURN_IF_ERROR(DurationOrDefault("rules.reporting_window_days", rules.reporting_window_days(),
                                    kDefaultReportingWindowDays, kMaxWindowDays)
                      .status());
  RETURN_IF_ERROR(DurationOrDefault("rules.pending_ttl_days", rules.pending_ttl_days(),
                                    kDefaultPendingTtlDays, kMaxWindowDays)
                      .status());
  return absl::OkStatus();
}

std::optional<v1::EarnRules> RulesInForce(const std::vector<v1::EarnRules>& versions,
                                          absl::Time time) {
  return VersionInForce(versions, time);
}

bool UsesFirstPurchaseBonus(const v1::EarnRules& rules, const EarnContext& context) {
  return std::any_of(
      rules.promotions().begin(), rules.promotions().end(), [&](const v1::Promotion& promotion) {
        return promotion.first_purchase_only() && PromotionApplies(promotion, context);
      });
}

absl::StatusOr<v1::EarnBreakdown> EvaluateEarn(const v1::EarnRules& rules,
                                               const EarnContext& context) {
  v1::EarnBreakdown breakdown;
  breakdown.set_rules_version(rules.version());
  if (context.amount_minor < rules.min_spend_minor()) {
    AddLine(breakdown, Line::BELOW_MINIMUM,
            absl::StrCat("minimum spend ", rules.min_spend_minor(), " minor units"), 0);
    return breakdown;
  }

  auto category_rate = rules.category_rates().find(context.category);
  const bool by_category = category_rate != rules.category_rates().end();
  const v1::EarnRate& rate = by_category ? category_rate->second : rules.base_rate();
  ExactLines exact(context.amount_minor, rate);
  exact.Add(breakdown, Line::BASE,
            by_category ? absl::StrCat("category ", context.category, ": ", RateText(rate))
                        : absl::StrCat("base: ", RateText(rate)),
            10'000);

  if (auto bonus = rules.category_bonus_bp().find(context.category);
      bonus != rules.category_bonus_bp().end() && bonus->second > 0) {
    exact.Add(breakdown, Line::CATEGORY_BONUS,
              absl::StrCat("category ", context.category, " +", bonus->second, " bp"),
              bonus->second);
  }
  for (const std::string& group :
       std::set<std::string>(context.sku_groups.begin(), context.sku_groups.end())) {
    if (auto bonus = rules.sku_group_bonus_bp().find(group);
        bonus != rules.sku_group_bonus_bp().end() && bonus->second > 0) {
      exact.Add(breakdown, Line::SKU_GROUP_BONUS,
                absl::StrCat("SKU group ", group, " +", bonus->second, " bp"), bonus->second);
    }
  }
  // A partner's own tier bonus replaces the ladder's for that tier.
  auto tier_bonus = rules.tier_bonus_bp().find(context.tier_id);
  const bool partner_tier_bonus = tier_bonus != rules.tier_bonus_bp().end();
  const int64_t tier_bp = partner_tier_bonus ? tier_bonus->second : context.tier_ladder_bonus_bp;
  if (tier_bp > 0) {
    exact.Add(breakdown, Line::TIER_BONUS,
              absl::StrCat("tier ", context.tier_id, " +", tier_bp, " bp",
                           partner_tier_bonus ? "" : " (tier ladder)"),
              tier_bp);
  }
  int64_t fixed_points = 0;
  for (const v1::Promotion& promotion : rules.promotions()) {
    if (!PromotionApplies(promotion, context)) continue;
    if (promotion.bonus_bp() > 0) {
      exact.Add(
          breakdown, Line::PROMOTION_BONUS,
          absl::StrCat("promotion ", promotion.promotion_id(), " +", promotion.bonus_bp(), " bp"),
          promotion.bonus_bp());
      breakdown.mutable_lines(breakdown.lines_size() - 1)
          ->set_promotion_id(promotion.promotion_id());
    }
    if (promotion.bonus_points() > 0) {
      AddLine(breakdown, Line::PROMOTION_FIXED,
              absl::StrCat("promotion ", promotion.promotion_id(), " +", promotion.bonus_points(),
                           " points"),
              promotion.bonus_points() * 1000);
      breakdown.mutable_lines(breakdown.lines_size() - 1)
          ->set_promotion_id(promotion.promotion_id());
      fixed_points += promotion.bonus_points();
    }
  }

  const absl::int128 variable_points = exact.Floor();
  if (variable_points + fixed_points > kMaxAmount) {
    return absl::InvalidArgumentError(absl::StrCat("amount_minor: ", context.amount_minor,
                                                   " would earn more than ", kMaxAmount,
                                                   " points"));
  }
  int64_t points = static_cast<int64_t>(variable_points) + fixed_points;
  AddLine(breakdown, Line::ROUNDING, "rounded down to whole points",
          points * 1000 - SumOfLines(breakdown));

  if (rules.max_points_per_purchase() > 0 && points > rules.max_points_per_purchase()) {
    AddLine(breakdown, Line::PURCHASE_CAP,
            absl::StrCat("at most ", rules.max_points_per_purchase(), " points per purchase"),
            (rules.max_points_per_purchase() - points) * 1000);
    points = rules.max_points_per_purchase();
  }
  if (rules.max_points_per_member_per_month() > 0) {
    const int64_t left =
        std::max<int64_t>(0, rules.max_points_per_member_per_month() - context.points_this_month);
    if (points > left) {
      AddLine(breakdown, Line::MONTHLY_CAP,
              absl::StrCat("at most ", rules.max_points_per_member_per_month(),
                           " points a month at this partner; ", left, " were left"),
              (left - points) * 1000);
      points = left;
    }
  }
  breakdown.set_points(points);
  return breakdown;
}

}  // namespace coalition::earning
