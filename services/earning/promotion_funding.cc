#include "services/earning/promotion_funding.h"

#include <algorithm>
#include <map>

#include "absl/numeric/int128.h"
#include "services/account/client/posting_builder.h"

namespace coalition::earning {
namespace {

constexpr int64_t kBasisPoints = 10'000;

const v1::Promotion* FindPromotion(const v1::EarnRules& rules, const std::string& id) {
  for (const v1::Promotion& promotion : rules.promotions()) {
    if (promotion.promotion_id() == id) return &promotion;
  }
  return nullptr;
}

// The partner's points first, then the co-funders': `owed` capped so the total stays `points`.
std::vector<v1::FundedPoints> Assemble(const std::string& partner_id, int64_t points,
                                       const std::map<std::string, int64_t>& owed) {
  std::vector<v1::FundedPoints> funding;
  if (owed.empty()) return funding;
  funding.emplace_back().set_partner_id(partner_id);
  int64_t left = points;
  for (const auto& [co_funder, co_points] : owed) {
    const int64_t paid = std::clamp<int64_t>(co_points, 0, left);
    if (paid == 0) continue;
    v1::FundedPoints& share = funding.emplace_back();
    share.set_partner_id(co_funder);
    share.set_points(paid);
    left -= paid;
  }
  funding.front().set_points(left);
  if (funding.size() == 1) funding.clear();  // nothing co-funded after all
  return funding;
}

}  // namespace

std::vector<v1::FundedPoints> FundingOf(const v1::EarnRules& rules,
                                        const v1::EarnBreakdown& breakdown,
                                        const std::string& partner_id, bool prepaid) {
  std::map<std::string, absl::int128> owed_millipoints;
  for (const v1::EarnBreakdown::Line& line : breakdown.lines()) {
    if (line.promotion_id().empty()) continue;
    const v1::Promotion* promotion = FindPromotion(rules, line.promotion_id());
    if (promotion == nullptr) continue;
    for (const v1::CostShare& share : promotion->cost_shares()) {
      owed_millipoints[share.partner_id()] +=
          absl::int128(line.millipoints()) * share.share_bp() / kBasisPoints;
    }
  }
  std::map<std::string, int64_t> owed;
  for (const auto& [co_funder, millipoints] : owed_millipoints) {
    owed[co_funder] = static_cast<int64_t>(millipoints / 1000);
  }
  std::vector<v1::FundedPoints> funding = Assemble(partner_id, breakdown.points(), owed);
  if (prepaid) {
    if (funding.empty()) {
      funding.emplace_back().set_partner_id(partner_id);
      funding.back().set_points(breakdown.points());
    }
    funding.front().set_prepaid(true);
  }
  return funding;
}

std::vector<v1::FundedPoints> SplitLikeFunding(
    const google::protobuf::RepeatedPtrField<v1::FundedPoints>& funding, int64_t points_earned,
    const std::string& partner_id, int64_t points) {
  std::map<std::string, int64_t> owed;
  if (points_earned <= 0) return {};
  for (const v1::FundedPoints& share : funding) {
    if (share.partner_id() == partner_id) continue;
    owed[share.partner_id()] =
        static_cast<int64_t>(absl::int128(share.points()) * points / points_earned);
  }
  return Assemble(partner_id, points, owed);
}

void AddIssuerLegs(account::v1::CreatePostingRequest& posting,
                   const google::protobuf::RepeatedPtrField<v1::FundedPoints>& funding,
                   const std::string& partner_id, int64_t points) {
  int64_t earned = 0;
  for (const v1::FundedPoints& share : funding) earned += share.points();
  std::vector<v1::FundedPoints> split =
      SplitLikeFunding(funding, earned, partner_id, points < 0 ? -points : points);
  if (split.empty()) {
    split.emplace_back().set_partner_id(partner_id);
    split.back().set_points(points < 0 ? -points : points);
  }
  // Only the partner itself can be pre-paid; its funding entry says whether it was.
  const bool prepaid =
      !funding.empty() && funding[0].partner_id() == partner_id && funding[0].prepaid();
  for (const v1::FundedPoints& share : split) {
    if (share.points() == 0) continue;
    account::AddLeg(posting,
                    prepaid && share.partner_id() == partner_id ? account::v1::PARTNER_PREPAID
                                                                : account::v1::PARTNER_ISSUED,
                    share.partner_id(), points < 0 ? -share.points() : share.points());
  }
}

}  // namespace coalition::earning
