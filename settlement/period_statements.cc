#include "settlement/period_statements.h"

#include <algorithm>
#include <map>

#include "services/common/rate_math.h"
#include "services/common/status_macros.h"

namespace coalition::settlement {
namespace {

constexpr int64_t kBasisPoints = 10'000;

absl::StatusOr<int64_t> AtPrice(int64_t points, const admin::v1::PointPrice& price) {
  return PriceOfPoints(points, price.amount_minor(), price.per_points());
}

// The partner's share of the issuance value of `points` expired points.
absl::StatusOr<int64_t> BreakageShare(int64_t points, const admin::v1::PartnerTerms& terms) {
  return PriceOfPoints(points * terms.breakage_share_bp(), terms.issuance_price().amount_minor(),
                       terms.issuance_price().per_points() * kBasisPoints);
}

absl::StatusOr<int64_t> AmountOf(const TotalsStore::PeriodLine& line,
                                 const admin::v1::PartnerTerms& terms, int64_t issued_before) {
  const int64_t points = line.fact.points;
  switch (line.fact.kind) {
    case v1::ISSUED:
      // Late points belong to an earlier month's volume, which is settled: base price.
      return line.late ? AtPrice(points, terms.issuance_price())
                       : TieredIssuance(points, issued_before, terms);
    case v1::REVERSED:
      return AtPrice(-points, terms.issuance_price());
    case v1::REDEEMED:
      return AtPrice(-points, terms.reimbursement_price());
    case v1::REFUNDED:
      return AtPrice(points, terms.reimbursement_price());
    case v1::BREAKAGE:
      return BreakageShare(-points, terms);
    default:
      return 0;
  }
}

v1::PaymentInstruction PaymentFor(int64_t net, const std::string& currency) {
  v1::PaymentInstruction payment;
  payment.set_currency(currency);
  payment.set_direction(net > 0   ? v1::PaymentInstruction::PARTNER_PAYS
                        : net < 0 ? v1::PaymentInstruction::OPERATOR_PAYS
                                  : v1::PaymentInstruction::NOTHING_DUE);
  payment.set_amount_minor(net < 0 ? -net : net);
  return payment;
}

}  // namespace

absl::StatusOr<int64_t> TieredIssuance(int64_t points, int64_t issued_before,
                                       const admin::v1::PartnerTerms& terms) {
  int64_t amount = 0;
  int64_t from = issued_before;  // the month's volume this segment starts at
  const int64_t to = issued_before + points;
  while (from < to) {
    // The price at `from`, and where the next tier starts.
    const admin::v1::PointPrice* price = &terms.issuance_price();
    int64_t next = to;
    for (const admin::v1::IssuanceTier& tier : terms.issuance_tiers()) {
      if (tier.from_points() <= from) {
        price = &tier.price();
      } else {
        next = std::min(next, tier.from_points());
        break;
      }
    }
    ASSIGN_OR_RETURN(const int64_t segment, AtPrice(next - from, *price));
    amount += segment;
    from = next;
  }
  return amount;
}

absl::StatusOr<int64_t> BreakageKept(const TotalsStore::PeriodLine& line,
                                     const admin::v1::PartnerTerms& terms) {
  ASSIGN_OR_RETURN(const int64_t value, AtPrice(line.fact.points, terms.issuance_price()));
  ASSIGN_OR_RETURN(const int64_t share, BreakageShare(line.fact.points, terms));
  return value - share;
}

absl::StatusOr<v1::PartnerStatement> PriceStatement(
    const v1::Period& period, const std::string& partner_id, const std::string& currency,
    const std::vector<TotalsStore::PeriodLine>& lines, const TermsOf& terms_of,
    int64_t issued_before) {
  v1::PartnerStatement statement;
  statement.set_partner_id(partner_id);
  statement.set_period_start(period.period_start());
  statement.set_period_end(period.period_end());
  statement.set_currency(currency);
  int64_t net = 0;
  for (const TotalsStore::PeriodLine& line : lines) {
    ASSIGN_OR_RETURN(const admin::v1::PartnerTerms terms, terms_of(line.fact.terms_version));
    v1::StatementKindLine& priced = *statement.add_lines();
    priced.set_kind(line.fact.kind);
    priced.set_terms_version(line.fact.terms_version);
    priced.set_late(line.late);
    priced.set_postings(line.fact.postings);
    priced.set_points(line.fact.points);
    ASSIGN_OR_RETURN(const int64_t amount, AmountOf(line, terms, issued_before));
    if (line.fact.kind == v1::ISSUED && !line.late) issued_before += line.fact.points;
    priced.set_amount_minor(amount);
    net += amount;
  }
  statement.set_net_amount_minor(net);
  *statement.mutable_payment() = PaymentFor(net, currency);
  return statement;
}

v1::PeriodReport AssembleReport(const v1::Period& period,
                                std::vector<v1::PartnerStatement> statements,
                                const std::vector<v1::CurrencyAmount>& breakage_revenue,
                                int64_t operator_funded_points) {
  v1::PeriodReport report;
  *report.mutable_period() = period;
  std::map<std::string, int64_t> result;
  for (v1::PartnerStatement& statement : statements) {
    result[statement.currency()] += statement.net_amount_minor();
    *report.add_statements() = std::move(statement);
  }
  for (const auto& [currency, amount] : result) {
    v1::CurrencyAmount& line = *report.add_operator_result();
    line.set_currency(currency);
    line.set_amount_minor(amount);
  }
  for (const v1::CurrencyAmount& revenue : breakage_revenue) {
    *report.add_breakage_revenue() = revenue;
  }
  report.set_operator_funded_points(operator_funded_points);
  return report;
}

}  // namespace coalition::settlement
