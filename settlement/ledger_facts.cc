#include "settlement/ledger_facts.h"

#include <map>
#include <tuple>

#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::settlement {
LegFact FactOfLeg(const account::v1::Posting& posting, const account::v1::Leg& leg) {
  const int64_t points = leg.points();
  const std::string& owner = leg.account().owner_id();
  switch (leg.account().kind()) {
    case account::v1::PARTNER_ISSUED:
      return points < 0 ? LegFact{v1::ISSUED, owner, -points}
                        : LegFact{v1::REVERSED, owner, points};
    case account::v1::PARTNER_REDEEMED:
      return points > 0 ? LegFact{v1::REDEEMED, owner, points}
                        : LegFact{v1::REFUNDED, owner, -points};
    case account::v1::OPERATOR_BREAKAGE:
      return {v1::BREAKAGE, posting.partner_id().empty() ? kOperator : posting.partner_id(),
              points};
    case account::v1::OPERATOR_PROMOTIONS:
      return {v1::OPERATOR_FUNDED, kOperator, -points};
    default:
      return {};
  }
}

absl::StatusOr<std::vector<DayFact>> FactsOf(
    const google::protobuf::RepeatedPtrField<account::v1::Posting>& postings,
    const TermsVersionAt& version_at) {
  using Key = std::tuple<std::string, int, int64_t, absl::CivilDay>;
  std::map<Key, DayFact> facts;
  for (const account::v1::Posting& posting : postings) {
    const absl::Time time = absl::FromUnixMicros(ProtoTimeToMicros(posting.occur_time()));
    for (const account::v1::Leg& leg : posting.legs()) {
      const LegFact meaning = FactOfLeg(posting, leg);
      if (meaning.kind == v1::FACT_KIND_UNSPECIFIED) continue;
      int64_t version = 0;
      if (meaning.partner_id != kOperator) {
        ASSIGN_OR_RETURN(version, version_at(meaning.partner_id, time));
      }
      const absl::CivilDay day = absl::ToCivilDay(time, absl::UTCTimeZone());
      DayFact& fact = facts[{meaning.partner_id, meaning.kind, version, day}];
      fact.partner_id = meaning.partner_id;
      fact.kind = meaning.kind;
      fact.terms_version = version;
      fact.day = day;
      fact.points += meaning.points;
      fact.postings += 1;
    }
  }
  std::vector<DayFact> result;
  result.reserve(facts.size());
  for (auto& [key, fact] : facts) result.push_back(std::move(fact));
  return result;
}

}  // namespace coalition::settlement
