#include "settlement/ledger_deltas.h"

#include <map>
#include <utility>

#include "absl/time/time.h"

namespace coalition::settlement {

std::vector<DayDelta> DeltasOf(
    const google::protobuf::RepeatedPtrField<account::v1::Posting>& postings) {
  std::map<std::pair<std::string, absl::CivilDay>, DayDelta> by_partner_day;
  for (const account::v1::Posting& posting : postings) {
    const absl::CivilDay day = absl::ToCivilDay(
        absl::FromUnixSeconds(posting.occur_time().seconds()), absl::UTCTimeZone());
    for (const account::v1::Leg& leg : posting.legs()) {
      const account::v1::AccountKind kind = leg.account().kind();
      if (kind != account::v1::PARTNER_ISSUED && kind != account::v1::PARTNER_REDEEMED) continue;
      DayDelta& delta = by_partner_day[{leg.account().owner_id(), day}];
      delta.partner_id = leg.account().owner_id();
      delta.day = day;
      if (kind == account::v1::PARTNER_ISSUED) {
        delta.points_issued -= leg.points();  // the contra account is debited on issue
      } else {
        delta.points_redeemed += leg.points();
      }
    }
  }
  std::vector<DayDelta> deltas;
  deltas.reserve(by_partner_day.size());
  for (auto& [key, delta] : by_partner_day) deltas.push_back(std::move(delta));
  return deltas;
}

}  // namespace coalition::settlement
