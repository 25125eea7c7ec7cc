// The earning service's side of the reconciliation: purchases stand for EARN postings and
// purchase refunds for REVERSE postings, with the very points answered.
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "tests/faults/answer_match.h"
#include "tests/faults/reconcile.h"

namespace coalition::faults {
namespace {

using account::v1::MEMBER;

constexpr char kPurchases[] = "purchases vs EARN postings";
constexpr char kRefunds[] = "purchase refunds vs REVERSE postings";

absl::Status CheckPurchases(WhiteBox& earning_db, const Journal& journal, LedgerView& ledger,
                            Findings& findings) {
  findings.Checked(kPurchases);
  ASSIGN_OR_RETURN(const std::vector<Row> purchases,
                   earning_db.Query("SELECT purchase_id, partner_id, partner_transaction_id,"
                                    " member_id, points_earned, posting_sequence FROM purchases"));
  std::set<std::string> ids;
  for (const Row& row : purchases) {
    const std::string& id = row.Str(0);
    ids.insert(id);
    const int64_t points = row.Int(4);
    const int64_t sequence = row.Int(5);
    const std::string what = absl::StrCat("purchase ", id, " (", points, " points)");
    if (points == 0) {
      if (sequence != 0) findings.Add(kPurchases, absl::StrCat(what, " names posting ", sequence));
    } else {
      const LedgerPosting* posting = ledger.At(sequence);
      if (posting == nullptr || posting->type != account::v1::EARN ||
          posting->reference != row.Str(2) || posting->partner_id != row.Str(1) ||
          posting->Leg(MEMBER, row.Str(3)) != points) {
        findings.Add(kPurchases, absl::StrCat(what, ": no matching EARN posting at ", sequence));
      } else {
        ledger.Claim(sequence, what, kPurchases, findings);
      }
    }
    const auto answer = journal.purchases().find(id);
    if (answer != journal.purchases().end() && (answer->second.points_earned() != points ||
                                                answer->second.posting_sequence() != sequence)) {
      findings.Add(kPurchases, absl::StrCat(what, " at ", sequence, " was answered with ",
                                            answer->second.points_earned(), " points at ",
                                            answer->second.posting_sequence()));
    }
  }
  MatchAnswersToRows(journal.purchases(), ids, "purchase", kPurchases, findings);
  return absl::OkStatus();
}

// A refund's reversal is posted under a ledger key of its own per decision (it is decided again
// if the member spent the points meanwhile), so a refund is found by its reference: exactly one
// REVERSE posting if it took points back, none if it took none.
absl::Status CheckRefunds(WhiteBox& earning_db, const Journal& journal, LedgerView& ledger,
                          Findings& findings) {
  findings.Checked(kRefunds);
  ASSIGN_OR_RETURN(const std::vector<Row> refunds,
                   earning_db.Query("SELECT refund_id, partner_id, partner_refund_id, member_id,"
                                    " points_reversed FROM refunds"));
  std::set<std::string> ids;
  for (const Row& row : refunds) {
    const std::string& id = row.Str(0);
    ids.insert(id);
    const int64_t points = row.Int(4);
    const std::string what = absl::StrCat("purchase refund ", id, " (", points, " reversed)");
    std::vector<const LedgerPosting*> postings;
    for (const LedgerPosting* posting : ledger.Find(account::v1::REVERSE, row.Str(2))) {
      if (posting->partner_id == row.Str(1)) postings.push_back(posting);
    }
    int64_t posted_sequence = 0;
    if (points == 0) {
      if (!postings.empty()) findings.Add(kRefunds, absl::StrCat(what, " has a REVERSE posting"));
    } else if (postings.size() != 1 || postings.front()->Leg(MEMBER, row.Str(3)) != -points) {
      findings.Add(kRefunds, absl::StrCat(what, ": ", postings.size(),
                                          " REVERSE postings, not one of ", points, " points"));
    } else {
      posted_sequence = postings.front()->sequence;
      ledger.Claim(posted_sequence, what, kRefunds, findings);
    }
    const auto answer = journal.purchase_refunds().find(id);
    if (answer != journal.purchase_refunds().end() &&
        (answer->second.points_reversed() != points ||
         answer->second.posting_sequence() != posted_sequence)) {
      findings.Add(kRefunds, absl::StrCat(what, " at ", posted_sequence, " was answered with ",
                                          answer->second.points_reversed(), " reversed at ",
                                          answer->second.posting_sequence()));
    }
  }
  MatchAnswersToRows(journal.purchase_refunds(), ids, "purchase refund", kRefunds, findings);
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckEarning(WhiteBox& earning_db, const Journal& journal, LedgerView& ledger,
                          Findings& findings) {
  RETURN_IF_ERROR(CheckPurchases(earning_db, journal, ledger, findings));
  return CheckRefunds(earning_db, journal, ledger, findings);
}

}  // namespace coalition::faults
