// Joint promotions: who pays for a purchase's points, and who gets them back on a refund.
#include "services/earning/promotion_funding.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/earning/earn_rules.h"

namespace coalition::earning {
namespace {

using Pairs = std::vector<std::pair<std::string, int64_t>>;

Pairs AsPairs(const std::vector<v1::FundedPoints>& funding) {
  Pairs pairs;
  for (const v1::FundedPoints& share : funding)
    pairs.emplace_back(share.partner_id(), share.points());
  return pairs;
}

v1::EarnRules JointRules() {
  v1::EarnRules rules;
  rules.set_partner_id("grocer");
  v1::Promotion& promotion = *rules.add_promotions();
  promotion.set_promotion_id("brand-week");
  promotion.set_bonus_bp(10'000);
  v1::CostShare* share = promotion.add_cost_shares();
  share->set_partner_id("brand");
  share->set_share_bp(3'333);
  return rules;
}

v1::EarnBreakdown Breakdown(int64_t points, int64_t promotion_millipoints) {
  v1::EarnBreakdown breakdown;
  breakdown.set_points(points);
  v1::EarnBreakdown::Line* line = breakdown.add_lines();
  line->set_kind(v1::EarnBreakdown::Line::PROMOTION_BONUS);
  line->set_promotion_id("brand-week");
  line->set_millipoints(promotion_millipoints);
  return breakdown;
}

TEST(PromotionFunding, ACoFunderPaysItsShareOfTheBonusRoundedDownThePartnerTheRest) {
  // 101 points of bonus: 33.66 is the brand's share, so 33; the grocer pays 202 - 33.
  EXPECT_EQ(AsPairs(FundingOf(JointRules(), Breakdown(202, 101'000), "grocer")),
            (Pairs{{"grocer", 169}, {"brand", 33}}));
  EXPECT_THAT(FundingOf(v1::EarnRules(), Breakdown(202, 101'000), "grocer"),
              ::testing::IsEmpty());  // no joint promotion: all the partner's
}

TEST(PromotionFunding, AReversalGivesEachCoFunderItsShareRoundedDown) {
  v1::EarnBreakdown breakdown;
  for (const auto& [partner, points] : Pairs{{"grocer", 169}, {"brand", 33}}) {
    v1::FundedPoints* share = breakdown.add_funding();
    share->set_partner_id(partner);
    share->set_points(points);
  }
  // 100 of 202 points back: the brand's 33/202 of them is 16.3, so 16.
  EXPECT_EQ(AsPairs(SplitLikeFunding(breakdown.funding(), 202, "grocer", 100)),
            (Pairs{{"grocer", 84}, {"brand", 16}}));
}

TEST(PromotionFunding, CoFundersAreValidatedWithTheRules) {
  v1::EarnRules rules = JointRules();
  rules.mutable_base_rate()->set_points(1);
  rules.mutable_base_rate()->set_per_amount_minor(100);
  rules.mutable_promotions(0)->mutable_start_time()->set_seconds(1);
  rules.mutable_promotions(0)->mutable_end_time()->set_seconds(2);
  EXPECT_TRUE(ValidateEarnRules(rules).ok()) << ValidateEarnRules(rules);
  rules.mutable_promotions(0)->mutable_cost_shares(0)->set_partner_id("grocer");
  EXPECT_THAT(ValidateEarnRules(rules).message(),
              ::testing::HasSubstr("rules.promotions[0].cost_shares[0].partner_id"));
  rules.mutable_promotions(0)->mutable_cost_shares(0)->set_partner_id("brand");
  rules.mutable_promotions(0)->mutable_cost_shares(0)->set_share_bp(10'001);
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateEarnRules(rules)));
}

}  // namespace
}  // namespace coalition::earning
