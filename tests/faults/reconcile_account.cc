// The account service's side of the reconciliation: members' balances against the journal,
// the ledger's own books, and transfers.
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "tests/faults/answer_match.h"
#include "tests/faults/reconcile.h"
#include "tests/faults/retry.h"

namespace coalition::faults {
namespace {

using account::v1::MEMBER;

constexpr char kBalances[] = "balances against the journal";
constexpr char kUnbalanced[] = "postings that do not balance";
constexpr char kBooks[] = "accounts whose balance, entries and lots differ";
constexpr char kTransfers[] = "transfers vs TRANSFER postings";

absl::Status CheckBalances(Clients& clients, const Journal& journal, Findings& findings) {
  findings.Checked(kBalances);
  RetryCounts retries;
  for (const std::string& member : journal.members()) {
    account::v1::GetBalanceRequest request;
    request.set_member_id(member);
    Answer<account::v1::Balance> balance =
        SendUntilDefinitive(clients.accounts(), &account::v1::AccountService::Stub::GetBalance,
                            request, "operator", RetryPolicy{}, retries);
    if (!balance.status.ok()) {
      return absl::InternalError(
          absl::StrCat("GetBalance ", member, ": ", balance.status.error_message()));
    }
    const Journal::Points expected = journal.Expected(member);
    if (balance.response.available_points() != expected.available ||
        balance.response.held_points() != expected.held) {
      findings.Add(kBalances, absl::StrCat("member ", member, ": available ",
                                           balance.response.available_points(), " held ",
                                           balance.response.held_points(), "; the journal says ",
                                           expected.available, " and ", expected.held));
    }
  }
  return absl::OkStatus();
}

void CheckPostingsBalance(const LedgerView& ledger, Findings& findings) {
  findings.Checked(kUnbalanced);
  for (const auto& [sequence, posting] : ledger.postings()) {
    int64_t sum = 0;
    for (const LedgerLeg& leg : posting.legs) sum += leg.points;
    if (sum != 0 || posting.legs.size() < 2) {
      findings.Add(kUnbalanced, absl::StrCat("posting ", sequence, ": ", posting.legs.size(),
                                             " legs summing to ", sum));
    }
  }
}

// Members' points live in three places that must agree: the account's balance (what the
// checked update moves), the sum of its entries (the history), and its lots (what expiry reads).
absl::Status CheckBooks(WhiteBox& account_db, Findings& findings) {
  findings.Checked(kBooks);
  ASSIGN_OR_RETURN(
      const std::vector<Row> accounts,
      account_db.Query("SELECT a.kind, a.owner_id, a.balance, COALESCE(e.points, 0),"
                       " COALESCE(l.points, 0) FROM accounts a"
                       " LEFT JOIN (SELECT account_id, SUM(points) AS points FROM entries"
                       " GROUP BY account_id) e ON e.account_id = a.account_id"
                       " LEFT JOIN (SELECT account_id, SUM(points) AS points FROM lots"
                       " GROUP BY account_id) l ON l.account_id = a.account_id"
                       " WHERE a.kind IN (1, 2, 7)"));  // MEMBER, MEMBER_HOLD, HOUSEHOLD
  for (const Row& row : accounts) {
    if (row.Int(2) != row.Int(3) || row.Int(2) != row.Int(4) || row.Int(2) < 0) {
      findings.Add(kBooks, absl::StrCat(account::v1::AccountKind_Name(
                                            static_cast<account::v1::AccountKind>(row.Int(0))),
                                        " ", row.Str(1), ": balance ", row.Int(2), ", entries ",
                                        row.Int(3), ", lots ", row.Int(4)));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckTransfers(WhiteBox& account_db, const Journal& journal, LedgerView& ledger,
                            Findings& findings) {
  findings.Checked(kTransfers);
  ASSIGN_OR_RETURN(const std::vector<Row> transfers,
                   account_db.Query("SELECT transfer_id, from_member_id, to_owner_id, points,"
                                    " posting_sequence FROM transfers"));
  std::set<std::string> ids;
  for (const Row& row : transfers) {
    const std::string& id = row.Str(0);
    ids.insert(id);
    const int64_t points = row.Int(3);
    const LedgerPosting* posting = ledger.At(row.Int(4));
    if (posting == nullptr || posting->type != account::v1::TRANSFER ||
        posting->Leg(MEMBER, row.Str(1)) != -points || posting->Leg(MEMBER, row.Str(2)) != points) {
      findings.Add(kTransfers, absl::StrCat("transfer ", id, " of ", points,
                                            " has no matching posting at ", row.Int(4)));
      continue;
    }
    ledger.Claim(posting->sequence, absl::StrCat("transfer ", id), kTransfers, findings);
    const auto answer = journal.transfers().find(id);
    if (answer != journal.transfers().end() &&
        (answer->second.points() != points ||
         answer->second.posting_sequence() != posting->sequence)) {
      findings.Add(kTransfers,
                   absl::StrCat("transfer ", id, " was answered with ", answer->second.points(),
                                " points at ", answer->second.posting_sequence(), "; its row says ",
                                points, " at ", posting->sequence));
    }
  }
  MatchAnswersToRows(journal.transfers(), ids, "transfer", kTransfers, findings);
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckAccounts(Clients& clients, WhiteBox& account_db, const Journal& journal,
                           LedgerView& ledger, Findings& findings) {
  RETURN_IF_ERROR(CheckBalances(clients, journal, findings));
  CheckPostingsBalance(ledger, findings);
  RETURN_IF_ERROR(CheckBooks(account_db, findings));
  return CheckTransfers(account_db, journal, ledger, findings);
}

}  // namespace coalition::faults
