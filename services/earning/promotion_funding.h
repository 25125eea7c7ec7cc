// Who pays for a purchase's points when joint promotions share their bonus's cost: each
// co-funder pays its share of the promotion's bonus (rounded down, in whole points); the
// partner running the promotion pays the rest, rounding included. A refund's reversal is split
// the same way: each co-funder gets back its share of the points reversed, rounded down, so it
// never gets back more than it paid; the partner gets the rest.
//
//   std::vector<v1::FundedPoints> funding = FundingOf(rules, breakdown, "grocer");
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "coalition/account/v1/account.pb.h"
#include "coalition/earning/v1/earning.pb.h"

namespace coalition::earning {

// The partner first, then each co-funder with points, by partner_id. Empty when a post-paid
// partner pays for all of them. A pre-paid partner's share is marked `prepaid`: it is drawn from
// its block (co-funders are always billed post-paid).
std::vector<v1::FundedPoints> FundingOf(const v1::EarnRules& rules,
                                        const v1::EarnBreakdown& breakdown,
                                        const std::string& partner_id, bool prepaid = false);

// `points` of a purchase with `funding` (and `points_earned` in all) split the same way.
std::vector<v1::FundedPoints> SplitLikeFunding(
    const google::protobuf::RepeatedPtrField<v1::FundedPoints>& funding, int64_t points_earned,
    const std::string& partner_id, int64_t points);

// Adds the legs of `points` (negative: issued, positive: given back) split as `funding` says
// (all the partner's when it is empty): PARTNER_ISSUED, or PARTNER_PREPAID for a pre-paid share.
void AddIssuerLegs(account::v1::CreatePostingRequest& posting,
                   const google::protobuf::RepeatedPtrField<v1::FundedPoints>& funding,
                   const std::string& partner_id, int64_t points);

}  // namespace coalition::earning
