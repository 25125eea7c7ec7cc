// The earn rule engine, table-driven: every rule kind, overlaps, rounding once, caps, and
// promotion windows at the boundary second.
#include "services/earning/earn_rules.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/proto_time.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::earning {
namespace {

using Line = v1::EarnBreakdown::Line;

const absl::Time kSaturday = absl::FromUnixSeconds(1'800'000'000);  // 2027-01-15 08:00 UTC

v1::EarnRate Rate(int64_t points, int64_t per_amount_minor) {
  v1::EarnRate rate;
  rate.set_points(points);
  rate.set_per_amount_minor(per_amount_minor);
  return rate;
}

// A fuel station: 1 point per 10.00, shop goods 3 per 10.00, and one of each other kind of rule.
v1::EarnRules StationRules() {
  v1::EarnRules rules;
  rules.set_partner_id("station");
  rules.set_version(3);
  *rules.mutable_base_rate() = Rate(1, 1000);
  (*rules.mutable_category_rates())["shop"] = Rate(3, 1000);
  (*rules.mutable_category_bonus_bp())["car-wash"] = 5000;
  (*rules.mutable_sku_group_bonus_bp())["coffee"] = 10'000;
  (*rules.mutable_tier_bonus_bp())["gold"] = 5000;
  v1::Promotion& weekend = *rules.add_promotions();
  weekend.set_promotion_id("double-weekend");
  *weekend.mutable_start_time() = ToProtoTime(kSaturday);
  *weekend.mutable_end_time() = ToProtoTime(kSaturday + absl::Hours(48));
  weekend.set_bonus_bp(10'000);
  v1::Promotion& welcome = *rules.add_promotions();
  welcome.set_promotion_id("welcome");
  *welcome.mutable_start_time() = ToProtoTime(kSaturday - absl::Hours(24 * 365));
  *welcome.mutable_end_time() = ToProtoTime(kSaturday + absl::Hours(24 * 365));
  welcome.set_bonus_points(50);
  welcome.set_first_purchase_only(true);
  return rules;
}

EarnContext Purchase(int64_t amount_minor, std::string category = "fuel") {
  EarnContext context;
  context.amount_minor = amount_minor;
  context.category = std::move(category);
  context.purchase_time = kSaturday - absl::Hours(24);  // Friday: no weekend promotion
  context.tier_id = "blue";
  return context;
}

struct Case {
  std::string name;
  EarnContext context;
  v1::EarnRules rules;
  int64_t points;
  std::vector<std::pair<Line::Kind, int64_t>> lines;  // kind, millipoints
};

std::vector<Case> Cases() {
  std::vector<Case> cases;
  cases.push_back({"base rate, rounded down",
                   Purchase(3750),
                   StationRules(),
                   3,
                   {{Line::BASE, 3750}, {Line::ROUNDING, -750}}});
  cases.push_back({"category rate replaces the base",
                   Purchase(3750, "shop"),
                   StationRules(),
                   11,
                   {{Line::BASE, 11'250}, {Line::ROUNDING, -250}}});
  cases.push_back({"category bonus adds half",
                   Purchase(2000, "car-wash"),
                   StationRules(),
                   3,
                   {{Line::BASE, 2000}, {Line::CATEGORY_BONUS, 1000}, {Line::ROUNDING, 0}}});
  EarnContext coffee = Purchase(2000);
  coffee.sku_groups = {"coffee", "newspapers", "coffee"};  // each group counts once
  cases.push_back({"SKU group bonus, once per group",
                   coffee,
                   StationRules(),
                   4,
                   {{Line::BASE, 2000}, {Line::SKU_GROUP_BONUS, 2000}, {Line::ROUNDING, 0}}});
  EarnContext gold = Purchase(2000);
  gold.tier_id = "gold";
  gold.tier_ladder_bonus_bp = 2500;  // the partner's own gold bonus wins
  cases.push_back({"partner's tier bonus over the ladder's",
                   gold,
                   StationRules(),
                   3,
                   {{Line::BASE, 2000}, {Line::TIER_BONUS, 1000}, {Line::ROUNDING, 0}}});
  EarnContext silver = Purchase(4000);
  silver.tier_id = "silver";
  silver.tier_ladder_bonus_bp = 2500;
  cases.push_back({"the ladder's tier bonus",
                   silver,
                   StationRules(),
                   5,
                   {{Line::BASE, 4000}, {Line::TIER_BONUS, 1000}, {Line::ROUNDING, 0}}});
  EarnContext at_start = Purchase(2000);
  at_start.purchase_time = kSaturday;
  cases.push_back({"promotion from its first second",
                   at_start,
                   StationRules(),
                   4,
                   {{Line::BASE, 2000}, {Line::PROMOTION_BONUS, 2000}, {Line::ROUNDING, 0}}});
  EarnContext at_end = Purchase(2000);
  at_end.purchase_time = kSaturday + absl::Hours(48);
  cases.push_back({"promotion over at its end second",
                   at_end,
                   StationRules(),
                   2,
                   {{Line::BASE, 2000}, {Line::ROUNDING, 0}}});
  EarnContext first = Purchase(2000);
  first.first_purchase_at_partner = true;
  cases.push_back({"first purchase bonus",
                   first,
                   StationRules(),
                   52,
                   {{Line::BASE, 2000}, {Line::PROMOTION_FIXED, 50'000}, {Line::ROUNDING, 0}}});
  EarnContext everything = Purchase(3333, "car-wash");
  everything.purchase_time = kSaturday + absl::Hours(1);
  everything.tier_id = "gold";
  everything.sku_groups = {"coffee"};
  everything.first_purchase_at_partner = true;
  // 3.333 base, +1.6665 category, +3.333 coffee, +1.6665 gold, +3.333 weekend = 13.332 -> 13.
  cases.push_back({"overlapping rules add, rounded once",
                   everything,
                   StationRules(),
                   63,
                   {{Line::BASE, 3333},
                    {Line::CATEGORY_BONUS, 1666},
                    {Line::SKU_GROUP_BONUS, 3333},
                    {Line::TIER_BONUS, 1666},
                    {Line::PROMOTION_BONUS, 3333},
                    {Line::PROMOTION_FIXED, 50'000},
                    {Line::ROUNDING, -331}}});
  v1::EarnRules minimum = StationRules();
  minimum.set_min_spend_minor(1000);
  cases.push_back(
      {"below the minimum spend", Purchase(999), minimum, 0, {{Line::BELOW_MINIMUM, 0}}});
  cases.push_back({"at the minimum spend",
                   Purchase(1000),
                   minimum,
                   1,
                   {{Line::BASE, 1000}, {Line::ROUNDING, 0}}});
  v1::EarnRules capped = StationRules();
  capped.set_max_points_per_purchase(100);
  cases.push_back({"per-purchase cap",
                   Purchase(250'000),
                   capped,
                   100,
                   {{Line::BASE, 250'000}, {Line::ROUNDING, 0}, {Line::PURCHASE_CAP, -150'000}}});
  v1::EarnRules monthly = StationRules();
  monthly.set_max_points_per_member_per_month(500);
  EarnContext late_in_month = Purchase(100'000);
  late_in_month.points_this_month = 460;
  cases.push_back({"monthly cap leaves what is left",
                   late_in_month,
                   monthly,
                   40,
                   {{Line::BASE, 100'000}, {Line::ROUNDING, 0}, {Line::MONTHLY_CAP, -60'000}}});
  late_in_month.points_this_month = 700;
  cases.push_back({"monthly cap already passed",
                   late_in_month,
                   monthly,
                   0,
                   {{Line::BASE, 100'000}, {Line::ROUNDING, 0}, {Line::MONTHLY_CAP, -100'000}}});
  return cases;
}

TEST(EarnRules, EveryRuleKindOverlapsRoundingAndCaps) {
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.name);
    auto breakdown = EvaluateEarn(c.rules, c.context);
    ASSERT_TRUE(breakdown.ok()) << breakdown.status();
    EXPECT_EQ(breakdown->points(), c.points);
    EXPECT_EQ(breakdown->rules_version(), 3);
    std::vector<std::pair<Line::Kind, int64_t>> lines;
    int64_t sum = 0;
    for (const Line& line : breakdown->lines()) {
      lines.emplace_back(line.kind(), line.millipoints());
      sum += line.millipoints();
      EXPECT_FALSE(line.rule().empty());
    }
    EXPECT_EQ(lines, c.lines);
    EXPECT_EQ(sum, breakdown->points() * 1000);  // the lines explain every point
  }
}

TEST(EarnRules, RoundingHappensOnceNotPerLine) {
  v1::EarnRules rules = StationRules();
  (*rules.mutable_category_bonus_bp())["fuel"] = 5000;
  (*rules.mutable_tier_bonus_bp())["blue"] = 5000;
  // 0.6 + 0.3 + 0.3 = 1.2: one point, where rounding each line would give none.
  auto breakdown = EvaluateEarn(rules, Purchase(600));
  ASSERT_THAT(breakdown, IsOk());
  EXPECT_EQ(breakdown->points(), 1);
}

TEST(EarnRules, AnAmountThatWouldOverflowIsRefused) {
  v1::EarnRules rules = StationRules();
  *rules.mutable_base_rate() = Rate(1'000'000'000, 1);
  auto breakdown = EvaluateEarn(rules, Purchase(1'000'000'000'000));
  EXPECT_EQ(breakdown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(breakdown.status().message()), ::testing::StartsWith("amount_minor: "));
}

TEST(EarnRules, FirstPurchaseBonusIsFlaggedOnlyWhenItApplies) {
  EarnContext context = Purchase(2000);
  EXPECT_FALSE(UsesFirstPurchaseBonus(StationRules(), context));
  context.first_purchase_at_partner = true;
  EXPECT_TRUE(UsesFirstPurchaseBonus(StationRules(), context));
}

TEST(EarnRules, ValidationNamesTheField) {
  struct Bad {
    std::function<void(v1::EarnRules&)> change;
    std::string message;
  };
  const std::vector<Bad> bad = {
      {[](v1::EarnRules& r) { r.mutable_base_rate()->set_per_amount_minor(0); },
       "rules.base_rate.per_amount_minor: must be greater than 0, got 0"},
      {[](v1::EarnRules& r) { (*r.mutable_sku_group_bonus_bp())["coffee"] = -1; },
       "rules.sku_group_bonus_bp[coffee]: must be 0 to 1000000 basis points, got -1"},
      {[](v1::EarnRules& r) { r.mutable_promotions(0)->clear_end_time(); },
       "rules.promotions[0].end_time: a promotion needs a start_time before its end_time"},
      {[](v1::EarnRules& r) { r.mutable_promotions(1)->set_promotion_id("double-weekend"); },
       "rules.promotions[1].promotion_id: 'double-weekend' is used twice"},
      {[](v1::EarnRules& r) { r.mutable_promotions(0)->set_bonus_bp(0); },
       "rules.promotions[0].bonus_bp: a promotion gives bonus_bp or bonus_points"},
      {[](v1::EarnRules& r) { r.set_max_points_per_purchase(-1); },
       "rules.max_points_per_purchase: must be 0 (none) to 1000000000000"},
      {[](v1::EarnRules& r) { r.set_reporting_window_days(400); },
       "rules.reporting_window_days: must be 1 to 365, or 0 for the default of 30, got 400"},
      {[](v1::EarnRules& r) { r.set_pending_ttl_days(-1); },
       "rules.pending_ttl_days: must be 1 to 365, or 0 for the default of 90, got -1"},
      // Times that are no Timestamp at all: named, never converted (they used to overflow).
      {[](v1::EarnRules& r) { r.mutable_promotions(0)->mutable_start_time()->set_nanos(-1); },
       "rules.promotions[0].start_time: nanos must be 0 to 999999999, got -1"},
      {[](v1::EarnRules& r) {
         r.mutable_promotions(1)->mutable_end_time()->set_seconds(int64_t{1} << 62);
       },
       "rules.promotions[1].end_time: must be from 0001-01-01 to 9999-12-31 UTC"},
  };
  EXPECT_THAT(ValidateEarnRules(StationRules()), IsOk());
  for (const Bad& b : bad) {
    v1::EarnRules rules = StationRules();
    b.change(rules);
    const absl::Status status = ValidateEarnRules(rules);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << b.message;
    EXPECT_THAT(std::string(status.message()), ::testing::StartsWith(b.message));
  }
}

TEST(EarnRules, TheVersionInForceChangesAtItsEffectiveSecond) {
  const auto version = [](int64_t number, absl::Time start) {
    v1::EarnRules rules = StationRules();
    rules.set_version(number);
    *rules.mutable_effective_time() = ToProtoTime(start);
    return rules;
  };
  const std::vector<v1::EarnRules> versions = {
      version(2, kSaturday), version(1, kSaturday - absl::Hours(24)),
      version(3, kSaturday)};  // published later for the same second: it wins
  EXPECT_FALSE(RulesInForce(versions, kSaturday - absl::Hours(24) - absl::Seconds(1)));
  EXPECT_EQ(RulesInForce(versions, kSaturday - absl::Hours(24))->version(), 1);
  EXPECT_EQ(RulesInForce(versions, kSaturday - absl::Microseconds(1))->version(), 1);
  EXPECT_EQ(RulesInForce(versions, kSaturday)->version(), 3);
  EXPECT_EQ(RulesInForce(versions, kSaturday + absl::Hours(1000))->version(), 3);
}

}  // namespace
}  // namespace coalition::earning
