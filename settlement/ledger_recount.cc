#include "settlement/ledger_recount.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "settlement/ledger_facts.h"

namespace coalition::settlement {

LedgerRecount::LedgerRecount(std::vector<v1::Period> closed) : closed_(std::move(closed)) {
  for (const v1::Period& period : closed_) {
    absl::CivilDay end;
    absl::ParseCivilTime(period.period_end(), &end);
    ends_.push_back(end);
  }
}

int64_t LedgerRecount::last_sequence() const {
  return closed_.empty() ? 0 : closed_.back().closed_at_sequence();
}

void LedgerRecount::Add(const account::v1::Posting& posting) {
  const absl::CivilDay day = absl::ToCivilDay(
      absl::FromUnixMicros(ProtoTimeToMicros(posting.occur_time())), absl::UTCTimeZone());
  const auto by_time =
      std::find_if(ends_.begin(), ends_.end(), [&](absl::CivilDay end) { return day < end; });
  const auto by_sequence = std::find_if(closed_.begin(), closed_.end(), [&](const v1::Period& p) {
    return posting.sequence() <= p.closed_at_sequence();
  });
  if (by_time == ends_.end() || by_sequence == closed_.end()) return;  // in no closed period
  const size_t period = std::max(static_cast<size_t>(by_time - ends_.begin()),
                                 static_cast<size_t>(by_sequence - closed_.begin()));
  for (const account::v1::Leg& leg : posting.legs()) {
    const LegFact fact = FactOfLeg(posting, leg);
    if (fact.kind == v1::FACT_KIND_UNSPECIFIED) continue;
    // The operator's own points appear in a report only as the points it funded.
    if (fact.partner_id == kOperator && fact.kind != v1::OPERATOR_FUNDED) continue;
    points_[{closed_[period].period_start(), fact.partner_id, fact.kind}] += fact.points;
  }
}

std::vector<std::string> LedgerRecount::Differences(const v1::PeriodReport& report) const {
  const std::string& start = report.period().period_start();
  std::map<std::pair<std::string, int>, int64_t> reported;
  std::vector<std::string> differences;
  std::map<std::string, int64_t> nets;
  for (const v1::PartnerStatement& statement : report.statements()) {
    int64_t sum = 0;
    for (const v1::StatementKindLine& line : statement.lines()) {
      reported[{statement.partner_id(), line.kind()}] += line.points();
      sum += line.amount_minor();
    }
    if (sum != statement.net_amount_minor()) {
      differences.push_back(absl::StrCat(start, " ", statement.partner_id(), ": lines sum to ", sum,
                                         ", net says ", statement.net_amount_minor()));
    }
    const int64_t payment = statement.payment().amount_minor();
    if (payment != std::abs(sum)) {
      differences.push_back(absl::StrCat(start, " ", statement.partner_id(), ": payment ", payment,
                                         " is not the net ", sum));
    }
    nets[statement.currency()] += statement.net_amount_minor();
  }
  if (report.operator_funded_points() != 0) {
    reported[{kOperator, v1::OPERATOR_FUNDED}] += report.operator_funded_points();
  }
  for (const v1::CurrencyAmount& result : report.operator_result()) {
    // Zero-sum: the partners' flows (minus each net) and the operator's result.
    if (result.amount_minor() - nets[result.currency()] != 0) {
      differences.push_back(absl::StrCat(start, " ", result.currency(), ": operator result ",
                                         result.amount_minor(), " but partners net ",
                                         nets[result.currency()]));
    }
    nets.erase(result.currency());
  }
  for (const auto& [currency, net] : nets) {
    if (net != 0) differences.push_back(absl::StrCat(start, " ", currency, ": no operator result"));
  }

  std::map<std::pair<std::string, int>, int64_t> counted;
  for (const auto& [key, points] : points_) {
    if (std::get<0>(key) == start) counted[{std::get<1>(key), std::get<2>(key)}] = points;
  }
  for (const auto& [key, points] : counted) {
    const auto found = reported.find(key);
    const int64_t in_report = found == reported.end() ? 0 : found->second;
    if (in_report != points) {
      differences.push_back(absl::StrCat(start, " ", key.first, " ",
                                         v1::FactKind_Name(static_cast<v1::FactKind>(key.second)),
                                         ": ledger ", points, " points, statement ", in_report));
    }
  }
  for (const auto& [key, points] : reported) {
    if (!counted.contains(key) && points != 0) {
      differences.push_back(absl::StrCat(start, " ", key.first, " ",
                                         v1::FactKind_Name(static_cast<v1::FactKind>(key.second)),
                                         ": ledger 0 points, statement ", points));
    }
  }
  return differences;
}

}  // namespace coalition::settlement
