#include "settlement/liability.h"

#include <algorithm>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "services/common/rate_math.h"
#include "services/common/status_macros.h"
#include "settlement/amount_bounds.h"

namespace coalition::settlement {
namespace {

constexpr int64_t kBasisPoints = 10'000;

// Change to the points in members' hands that a kind makes.
int64_t OutstandingSign(v1::FactKind kind) {
  switch (kind) {
    case v1::ISSUED:
    case v1::OPERATOR_FUNDED:
    case v1::REFUNDED:
      return 1;
    case v1::REVERSED:
    case v1::REDEEMED:
    case v1::BREAKAGE:
      return -1;
    default:
      return 0;
  }
}

// floor(a * b / c) without overflow; c > 0.
int64_t MulDiv(int64_t a, int64_t b, int64_t c) {
  return static_cast<int64_t>(absl::int128(a) * b / c);
}

}  // namespace

absl::StatusOr<v1::LiabilityReport> ComputeLiability(
    const std::vector<PeriodFact>& totals,
    const std::map<std::string, admin::v1::Partner>& partners) {
  v1::LiabilityReport report;
  int64_t outstanding = 0;
  int64_t expired = 0;
  std::map<std::string, int64_t> redeemed_with;  // net of refunds
  for (const PeriodFact& total : totals) {
    outstanding += OutstandingSign(total.kind) * total.points;
    if (total.kind == v1::BREAKAGE) expired += total.points;
    if (total.kind == v1::REDEEMED) redeemed_with[total.partner_id] += total.points;
    if (total.kind == v1::REFUNDED) redeemed_with[total.partner_id] -= total.points;
  }
  int64_t redeemed = 0;
  for (const auto& [partner, points] : redeemed_with) redeemed += std::max<int64_t>(points, 0);
  report.set_points_outstanding(outstanding);
  report.set_points_redeemed(redeemed);
  report.set_points_expired(expired);
  if (expired + redeemed > 0) {
    report.set_breakage_rate_bp(
        static_cast<int32_t>(MulDiv(expired, kBasisPoints, expired + redeemed)));
  }
  report.set_expected_breakage_points(MulDiv(outstanding, report.breakage_rate_bp(), kBasisPoints));
  if (redeemed == 0 || outstanding <= 0) return report;

  // Shares of the outstanding points, floor, with what the floors leave to the largest.
  std::vector<std::pair<std::string, int64_t>> shares;
  int64_t shared = 0;
  for (const auto& [partner, points] : redeemed_with) {
    if (points <= 0) continue;
    shares.emplace_back(partner, MulDiv(outstanding, points, redeemed));
    shared += shares.back().second;
  }
  std::max_element(shares.begin(), shares.end(), [&](const auto& a, const auto& b) {
    return redeemed_with[a.first] < redeemed_with[b.first];
  })->second += outstanding - shared;

  CurrencyTotals cost;
  CurrencyTotals expected;
  for (const auto& [partner_id, points] : shares) {
    const auto partner = partners.find(partner_id);
    if (partner == partners.end()) {
      return absl::InternalError(absl::StrCat("no terms for partner '", partner_id, "'"));
    }
    const admin::v1::PointPrice& price = partner->second.reimbursement_price();
    ASSIGN_OR_RETURN(const absl::int128 at_price,
                     ExactPriceOfPoints(points, price.amount_minor(), price.per_points()));
    // The expected cost is at most the cost: bounding the cost bounds both.
    if (!WithinSettlementBound(at_price)) {
      report.add_unpriced_partner_ids(partner_id);
      continue;
    }
    ASSIGN_OR_RETURN(
        const absl::int128 kept,
        ExactPriceOfPoints(MulDiv(points, kBasisPoints - report.breakage_rate_bp(), kBasisPoints),
                           price.amount_minor(), price.per_points()));
    cost.Add(partner->second.currency(), at_price);
    expected.Add(partner->second.currency(), kept);
  }
  ASSIGN_OR_RETURN(const std::vector<v1::CurrencyAmount> costs, cost.Amounts());
  for (const v1::CurrencyAmount& amount : costs) *report.add_redemption_cost() = amount;
  ASSIGN_OR_RETURN(const std::vector<v1::CurrencyAmount> expected_costs, expected.Amounts());
  for (const v1::CurrencyAmount& amount : expected_costs) *report.add_expected_cost() = amount;
  return report;
}

}  // namespace coalition::settlement
