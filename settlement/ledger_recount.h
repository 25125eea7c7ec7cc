// Recounts closed periods from the ledger itself, independently of the follower's tables, to
// prove the statements agree with the ledger (`coalitionctl settlement verify`).
//
// Periods close in order, each at a ledger sequence, so a posting was counted in the later of
// (a) the period its business time falls in and (b) the first period that had not begun closing
// when the posting was followed, i.e. the first whose closed_at_sequence is at or after it.
//
//   LedgerRecount recount(closed_periods);           // oldest first
//   for (const auto& posting : page) recount.Add(posting);
//   std::vector<std::string> differences = recount.Differences(report);
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/time/civil_time.h"
#include "coalition/account/v1/account.pb.h"
#include "coalition/settlement/v1/settlement.pb.h"

namespace coalition::settlement {

class LedgerRecount {
 public:
  explicit LedgerRecount(std::vector<v1::Period> closed);

  // The last ledger sequence any closed period counted: postings after it need not be read.
  int64_t last_sequence() const;
  void Add(const account::v1::Posting& posting);

  // What does not agree between the period's report and the ledger: points per partner and
  // kind, each statement's sums, and the zero-sum of the partners' flows and the operator's
  // result. Empty when everything agrees.
  std::vector<std::string> Differences(const v1::PeriodReport& report) const;

 private:
  std::vector<v1::Period> closed_;
  std::vector<absl::CivilDay> ends_;
  // (period_start, partner_id, kind) -> points
  std::map<std::tuple<std::string, std::string, int>, int64_t> points_;
};

}  // namespace coalition::settlement
