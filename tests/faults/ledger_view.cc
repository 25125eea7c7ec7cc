#include "tests/faults/ledger_view.h"

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace coalition::faults {

constexpr char kUnclaimed[] = "postings no service row stands for";

int64_t LedgerPosting::Leg(account::v1::AccountKind kind, const std::string& owner_id) const {
  int64_t points = 0;
  for (const LedgerLeg& leg : legs) {
    if (leg.kind == kind && leg.owner_id == owner_id) points += leg.points;
  }
  return points;
}

absl::StatusOr<LedgerView> LedgerView::Read(WhiteBox& account_db) {
  LedgerView view;
  ASSIGN_OR_RETURN(
      const std::vector<Row> postings,
      account_db.Query("SELECT sequence, type, partner_id, member_id, reference FROM postings"));
  for (const Row& row : postings) {
    LedgerPosting& posting = view.postings_[row.Int(0)];
    posting.sequence = row.Int(0);
    posting.type = static_cast<account::v1::PostingType>(row.Int(1));
    posting.partner_id = row.Str(2);
    posting.member_id = row.Str(3);
    posting.reference = row.Str(4);
    view.by_reference_.emplace(std::make_pair(static_cast<int>(posting.type), posting.reference),
                               posting.sequence);
  }
  ASSIGN_OR_RETURN(const std::vector<Row> legs,
                   account_db.Query("SELECT e.sequence, a.kind, a.owner_id, e.points FROM entries e"
                                    " JOIN accounts a ON a.account_id = e.account_id"
                                    " ORDER BY e.sequence, e.leg"));
  for (const Row& row : legs) {
    const auto posting = view.postings_.find(row.Int(0));
    if (posting == view.postings_.end()) {
      return absl::DataLossError(absl::StrCat("entries of a missing posting ", row.Int(0)));
    }
    posting->second.legs.push_back(
        {static_cast<account::v1::AccountKind>(row.Int(1)), row.Str(2), row.Int(3)});
  }
  return view;
}

const LedgerPosting* LedgerView::At(int64_t sequence) const {
  const auto it = postings_.find(sequence);
  return it == postings_.end() ? nullptr : &it->second;
}

std::vector<const LedgerPosting*> LedgerView::Find(account::v1::PostingType type,
                                                   const std::string& reference) const {
  std::vector<const LedgerPosting*> found;
  const auto [begin, end] = by_reference_.equal_range({static_cast<int>(type), reference});
  for (auto it = begin; it != end; ++it) found.push_back(At(it->second));
  return found;
}

void LedgerView::Claim(int64_t sequence, const std::string& what, const std::string& check,
                       Findings& findings) {
  const auto [it, first] = claimed_by_.emplace(sequence, what);
  if (!first) {
    findings.Add(
        check, absl::StrCat("posting ", sequence, " stands for both ", it->second, " and ", what));
  }
}

void LedgerView::ReportUnclaimed(Findings& findings) const {
  findings.Checked(kUnclaimed);
  for (const auto& [sequence, posting] : postings_) {
    if (claimed_by_.contains(sequence)) continue;
    findings.Add(
        kUnclaimed,
        absl::StrCat("posting ", sequence, " ", account::v1::PostingType_Name(posting.type),
                     " reference '", posting.reference, "' member ", posting.member_id));
  }
}

}  // namespace coalition::faults
