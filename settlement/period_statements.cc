#include "settlement/period_statements.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "services/common/rate_math.h"
#include "services/common/status_macros.h"
#include "settlement/amount_bounds.h"

namespace coalition::settlement {
namespace {

constexpr int64_t kBasisPoints = 10'000;

absl::StatusOr<absl::int128> AtPrice(absl::int128 points, const admin::v1::PointPrice& price) {
  return ExactPriceOfPoints(points, price.amount_minor(), price.per_points());
}

// The partner's share of the issuance value of `points` expired points.
absl::StatusOr<absl::int128> BreakageShare(absl::int128 points,
                                           const admin::v1::PartnerTerms& terms) {
  return ExactPriceOfPoints(points * terms.breakage_share_bp(),
                            terms.issuance_price().amount_minor(),
                            terms.issuance_price().per_points() * kBasisPoints);
}

absl::StatusOr<absl::int128> AmountOf(const TotalsStore::PeriodLine& line,
                                      const admin::v1::PartnerTerms& terms,
                                      absl::int128 issued_before) {
  const absl::int128 points = line.fact.points;
  switch (line.fact.kind) {
    case v1::ISSUED:
      // Late points belong to an earlier month's volume, which is settled: base price.
      return line.late ? AtPrice(points, terms.issuance_price())
                       : TieredIssuance(line.fact.points, issued_before, terms);
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

std::string LineName(const TotalsStore::PeriodLine& line) {
  return absl::StrCat(v1::FactKind_Name(line.fact.kind), line.late ? " (late)" : "",
                      " at terms version ", line.fact.terms_version);
}

// The statement with its amounts taken off: postings and points stay, for the operator to settle
// by hand.
void MarkUnpriced(v1::PartnerStatement& statement, std::string reason) {
  for (v1::StatementKindLine& line : *statement.mutable_lines()) line.set_amount_minor(0);
  statement.set_net_amount_minor(0);
  statement.mutable_payment()->set_direction(v1::PaymentInstruction::UNPRICED);
  statement.mutable_payment()->set_amount_minor(0);
  statement.set_unpriced_reason(std::move(reason));
}

}  // namespace

absl::StatusOr<absl::int128> TieredIssuance(int64_t points, absl::int128 issued_before,
                                            const admin::v1::PartnerTerms& terms) {
  absl::int128 amount = 0;
  absl::int128 from = issued_before;  // the month's volume this segment starts at
  const absl::int128 to = from + points;
  while (from < to) {
    // The price at `from`, and where the next tier starts.
    const admin::v1::PointPrice* price = &terms.issuance_price();
    absl::int128 next = to;
    for (const admin::v1::IssuanceTier& tier : terms.issuance_tiers()) {
      if (tier.from_points() <= from) {
        price = &tier.price();
      } else {
        next = std::min(next, absl::int128(tier.from_points()));
        break;
      }
    }
    ASSIGN_OR_RETURN(const absl::int128 segment, AtPrice(next - from, *price));
    amount += segment;
    from = next;
  }
  return amount;
}

absl::StatusOr<absl::int128> BreakageKept(const TotalsStore::PeriodLine& line,
                                          const admin::v1::PartnerTerms& terms) {
  ASSIGN_OR_RETURN(const absl::int128 value, AtPrice(line.fact.points, terms.issuance_price()));
  ASSIGN_OR_RETURN(const absl::int128 share, BreakageShare(line.fact.points, terms));
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
  absl::int128 volume = issued_before;  // the month's issued points before each line
  absl::int128 net = 0;
  absl::int128 breakage_kept = 0;
  std::optional<std::string> unpriced;
  for (const TotalsStore::PeriodLine& line : lines) {
    ASSIGN_OR_RETURN(const admin::v1::PartnerTerms terms, terms_of(line.fact.terms_version));
    v1::StatementKindLine& priced = *statement.add_lines();
    priced.set_kind(line.fact.kind);
    priced.set_terms_version(line.fact.terms_version);
    priced.set_late(line.late);
    priced.set_postings(line.fact.postings);
    priced.set_points(line.fact.points);
    ASSIGN_OR_RETURN(const absl::int128 amount, AmountOf(line, terms, volume));
    if (line.fact.kind == v1::ISSUED && !line.late) volume += line.fact.points;
    if (line.fact.kind == v1::BREAKAGE) {
      ASSIGN_OR_RETURN(const absl::int128 kept, BreakageKept(line, terms));
      breakage_kept += kept;
    }
    if (!unpriced && !WithinSettlementBound(amount)) {
      unpriced = BeyondBoundReason(LineName(line), amount);
    }
    priced.set_amount_minor(unpriced ? 0 : static_cast<int64_t>(amount));
    net += amount;
  }
  // The operator's report sums these too (its result and breakage revenue), so they are held to
  // the same bound: one partner cannot take a total out of 64 bits.
  if (!unpriced && !WithinSettlementBound(net)) unpriced = BeyondBoundReason("the net", net);
  if (!unpriced && !WithinSettlementBound(breakage_kept)) {
    unpriced = BeyondBoundReason("the issuance value of its expired points", breakage_kept);
  }
  if (unpriced) {
    MarkUnpriced(statement, *std::move(unpriced));
    return statement;
  }
  statement.set_net_amount_minor(static_cast<int64_t>(net));
  *statement.mutable_payment() = PaymentFor(static_cast<int64_t>(net), currency);
  return statement;
}

absl::StatusOr<v1::PeriodReport> AssembleReport(
    const v1::Period& period, std::vector<v1::PartnerStatement> statements,
    const std::vector<v1::CurrencyAmount>& breakage_revenue, int64_t operator_funded_points) {
  v1::PeriodReport report;
  *report.mutable_period() = period;
  CurrencyTotals result;
  for (v1::PartnerStatement& statement : statements) {
    result.Add(statement.currency(), statement.net_amount_minor());
    *report.add_statements() = std::move(statement);
  }
  ASSIGN_OR_RETURN(const std::vector<v1::CurrencyAmount> results, result.Amounts());
  for (const v1::CurrencyAmount& line : results) *report.add_operator_result() = line;
  for (const v1::CurrencyAmount& revenue : breakage_revenue) {
    *report.add_breakage_revenue() = revenue;
  }
  report.set_operator_funded_points(operator_funded_points);
  return report;
}

}  // namespace coalition::settlement
