// What a batch of ledger postings changes in each partner's daily totals. Derived purely from the
// double-entry legs: a debit of a partner's PARTNER_ISSUED account is points it issued, a credit
// of its PARTNER_REDEEMED account is points redeemed with it (reversals come out negative).
//
//   std::vector<DayDelta> deltas = DeltasOf(response.postings());
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "coalition/account/v1/account.pb.h"
#include "google/protobuf/repeated_field.h"

namespace coalition::settlement {

struct DayDelta {
  std::string partner_id;
  absl::CivilDay day;  // UTC day of the posting
  int64_t points_issued = 0;
  int64_t points_redeemed = 0;
};

// One delta per (partner, day) touched, in (partner, day) order.
std::vector<DayDelta> DeltasOf(
    const google::protobuf::RepeatedPtrField<account::v1::Posting>& postings);

}  // namespace coalition::settlement
