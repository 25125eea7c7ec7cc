// The redemption service's side of the reconciliation: redemptions, holds and refunds stand for
// their postings; spend records for redemptions and holds; reward orders for redemptions, and the
// catalogue's stock for the orders.
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "tests/faults/answer_match.h"
#include "tests/faults/reconcile.h"

namespace coalition::faults {
namespace {

using account::v1::MEMBER;
using account::v1::MEMBER_HOLD;
using account::v1::PARTNER_REDEEMED;
using redemption::v1::Hold;

constexpr char kRedemptions[] = "redemptions vs REDEEM postings";
constexpr char kHolds[] = "holds vs HOLD, CAPTURE and VOID postings";
constexpr char kRefunds[] = "redemption refunds vs REFUND postings";
constexpr char kSpending[] = "spend records vs redemptions and holds";
constexpr char kOrders[] = "reward orders vs redemptions and stock";
constexpr char kUnfinished[] = "work left unfinished at the end";

// An order spends its points as a redemption under this request id (reward_catalogue.cc).
constexpr char kOrderRequestPrefix[] = "order:";

struct SpendingRow {
  std::string partner_id;
  std::string member_id;
  int64_t points = 0;    // spent: a redemption's, a hold's captured points
  int64_t refunded = 0;  // as the row counts it
  int64_t limited = 0;   // what the spend record should count towards the member's limits
};

// The rows every check below needs, read once.
struct RedemptionRows {
  std::vector<Row>
      redemptions;           // redemption_id, request_id, partner, member, points, seq, refunded
  std::vector<Row> holds;    // hold_id, partner, member, points, state, captured, refunded, closing
  std::vector<Row> refunds;  // refund_id, spending_id, partner, member, points, posting_sequence
  std::vector<Row> spending;  // spending_id, member, partner, points
  std::vector<Row> orders;    // order_id, partner, reward_id, member, quantity, points, redemption
  std::vector<Row> rewards;   // partner, reward_id, stock
};

absl::StatusOr<RedemptionRows> ReadRows(WhiteBox& db) {
  RedemptionRows rows;
  ASSIGN_OR_RETURN(rows.redemptions,
                   db.Query("SELECT redemption_id, request_id, partner_id, member_id, points,"
                            " posting_sequence, refunded_points FROM redemptions"));
  ASSIGN_OR_RETURN(rows.holds, db.Query("SELECT hold_id, partner_id, member_id, points, state,"
                                        " captured_points, refunded_points, closing_state"
                                        " FROM holds"));
  ASSIGN_OR_RETURN(rows.refunds, db.Query("SELECT refund_id, spending_id, partner_id, member_id,"
                                          " points, posting_sequence FROM redemption_refunds"));
  ASSIGN_OR_RETURN(rows.spending, db.Query("SELECT spending_id, member_id, partner_id, points"
                                           " FROM member_spending"));
  ASSIGN_OR_RETURN(rows.orders, db.Query("SELECT order_id, partner_id, reward_id, member_id,"
                                         " quantity, points, redemption_id FROM reward_orders"));
  ASSIGN_OR_RETURN(rows.rewards, db.Query("SELECT partner_id, reward_id, stock FROM rewards"));
  return rows;
}

void CheckRedemptions(const RedemptionRows& rows, const Journal& journal, LedgerView& ledger,
                      std::map<std::string, SpendingRow>& spendings, Findings& findings) {
  findings.Checked(kRedemptions);
  std::set<std::string> direct;  // not an order's
  for (const Row& row : rows.redemptions) {
    const std::string& id = row.Str(0);
    const int64_t points = row.Int(4);
    const std::string what = absl::StrCat("redemption ", id, " (", points, " points)");
    spendings[id] = {row.Str(2), row.Str(3), points, row.Int(6), points};
    const LedgerPosting* posting = ledger.At(row.Int(5));
    if (posting == nullptr || posting->type != account::v1::REDEEM || posting->reference != id ||
        posting->Leg(MEMBER, row.Str(3)) != -points ||
        posting->Leg(PARTNER_REDEEMED, row.Str(2)) != points) {
      findings.Add(kRedemptions, absl::StrCat(what, ": no matching posting at ", row.Int(5)));
    } else {
      ledger.Claim(posting->sequence, what, kRedemptions, findings);
    }
    if (absl::StartsWith(row.Str(1), kOrderRequestPrefix)) continue;  // CheckOrders
    direct.insert(id);
    const auto answer = journal.redemptions().find(id);
    if (answer != journal.redemptions().end() &&
        (answer->second.points() != points || answer->second.posting_sequence() != row.Int(5))) {
      findings.Add(kRedemptions, absl::StrCat(what, " at ", row.Int(5), " was answered with ",
                                              answer->second.points(), " at ",
                                              answer->second.posting_sequence()));
    }
  }
  MatchAnswersToRows(journal.redemptions(), direct, "redemption", kRedemptions, findings);
}

// What the journal says became of a hold: the close it was answered, else the release read at
// the end, else still held.
Hold::State ExpectedState(const Journal::KnownHold& known) {
  if (known.closed.state() != Hold::STATE_UNSPECIFIED) return known.closed.state();
  if (known.released.state() != Hold::STATE_UNSPECIFIED) return known.released.state();
  return Hold::HELD;
}

void CheckHolds(const RedemptionRows& rows, const Journal& journal, LedgerView& ledger,
                std::map<std::string, SpendingRow>& spendings, Findings& findings) {
  findings.Checked(kHolds);
  findings.Checked(kUnfinished);
  std::set<std::string> ids;
  for (const Row& row : rows.holds) {
    const std::string& id = row.Str(0);
    ids.insert(id);
    const std::string& partner = row.Str(1);
    const std::string& member = row.Str(2);
    const int64_t points = row.Int(3);
    const auto state = static_cast<Hold::State>(row.Int(4));
    const int64_t captured = row.Int(5);
    const std::string what = absl::StrCat("hold ", id, " (", points, " points, ",
                                          Hold::State_Name(state), " ", captured, ")");
    if (!row.Null(7)) findings.Add(kUnfinished, absl::StrCat(what, " is still being closed"));
    const int64_t limited = state == Hold::HELD ? points : state == Hold::CAPTURED ? captured : 0;
    spendings[id] = {partner, member, captured, row.Int(6), limited};

    const auto held = ledger.Find(account::v1::HOLD, id);
    if (held.size() != 1 || held.front()->Leg(MEMBER_HOLD, id) != points ||
        held.front()->Leg(MEMBER, member) != -points) {
      findings.Add(kHolds, absl::StrCat(what, ": ", held.size(), " HOLD postings, not one"));
    } else {
      ledger.Claim(held.front()->sequence, absl::StrCat("the hold of ", what), kHolds, findings);
    }
    const auto captures = ledger.Find(account::v1::CAPTURE, id);
    const auto voids = ledger.Find(account::v1::VOID, id);
    const LedgerPosting* close = nullptr;
    bool matches = false;
    if (state == Hold::HELD) {
      matches = captures.empty() && voids.empty();
    } else if (state == Hold::CAPTURED && captures.size() == 1 && voids.empty()) {
      close = captures.front();
      matches = close->Leg(PARTNER_REDEEMED, partner) == captured &&
                close->Leg(MEMBER, member) == points - captured;
    } else if (state != Hold::CAPTURED && voids.size() == 1 && captures.empty()) {
      close = voids.front();
      matches = close->Leg(MEMBER, member) == points;
    }
    if (close != nullptr && close->Leg(MEMBER_HOLD, id) != -points) matches = false;
    if (!matches) {
      findings.Add(kHolds, absl::StrCat(what, ": ", captures.size(), " CAPTURE and ", voids.size(),
                                        " VOID postings"));
    } else if (close != nullptr) {
      ledger.Claim(close->sequence, absl::StrCat("the close of ", what), kHolds, findings);
    }

    const auto known = journal.holds().find(id);
    if (known == journal.holds().end()) continue;  // reported below
    const Hold::State expected = ExpectedState(known->second);
    const int64_t expected_captured =
        expected == Hold::CAPTURED ? known->second.closed.captured_points() : 0;
    if (state != expected || captured != expected_captured ||
        points != known->second.held.points()) {
      findings.Add(kHolds,
                   absl::StrCat(what, ": the journal says ", Hold::State_Name(expected), " ",
                                expected_captured, " of ", known->second.held.points()));
    }
  }
  MatchAnswersToRows(journal.holds(), ids, "hold", kHolds, findings);
}

void CheckRefunds(const RedemptionRows& rows, const Journal& journal, LedgerView& ledger,
                  const std::map<std::string, SpendingRow>& spendings, Findings& findings) {
  findings.Checked(kRefunds);
  std::set<std::string> ids;
  std::map<std::string, int64_t> refunded;  // by spending
  for (const Row& row : rows.refunds) {
    const std::string& id = row.Str(0);
    ids.insert(id);
    const int64_t points = row.Int(4);
    refunded[row.Str(1)] += points;
    const std::string what = absl::StrCat("redemption refund ", id, " (", points, " points)");
    if (row.Null(5)) {
      findings.Add(kUnfinished, absl::StrCat(what, " was never posted"));
      continue;
    }
    const LedgerPosting* posting = ledger.At(row.Int(5));
    if (posting == nullptr || posting->type != account::v1::REFUND || posting->reference != id ||
        posting->Leg(MEMBER, row.Str(3)) != points ||
        posting->Leg(PARTNER_REDEEMED, row.Str(2)) != -points) {
      findings.Add(kRefunds, absl::StrCat(what, ": no matching posting at ", row.Int(5)));
    } else {
      ledger.Claim(posting->sequence, what, kRefunds, findings);
    }
    const auto answer = journal.redemption_refunds().find(id);
    if (answer != journal.redemption_refunds().end() &&
        (answer->second.points() != points || answer->second.posting_sequence() != row.Int(5))) {
      findings.Add(kRefunds, absl::StrCat(what, " at ", row.Int(5), " was answered with ",
                                          answer->second.points(), " at ",
                                          answer->second.posting_sequence()));
    }
  }
  MatchAnswersToRows(journal.redemption_refunds(), ids, "redemption refund", kRefunds, findings);
  for (const auto& [id, spending] : spendings) {
    const int64_t sum = refunded.contains(id) ? refunded.at(id) : 0;
    if (spending.refunded != sum || sum > spending.points) {
      findings.Add(kRefunds,
                   absl::StrCat("spending ", id, " of ", spending.points, " counts ",
                                spending.refunded, " refunded; its refunds add up to ", sum));
    }
  }
}

// A spend record counts a redemption's points, a held hold's, a captured hold's captured points,
// and nothing of a voided or expired hold (docs/redemption.md, "Spending controls").
void CheckSpendRecords(const RedemptionRows& rows,
                       const std::map<std::string, SpendingRow>& spendings, Findings& findings) {
  findings.Checked(kSpending);
  std::set<std::string> seen;
  for (const Row& row : rows.spending) {
    const std::string& id = row.Str(0);
    seen.insert(id);
    const auto spending = spendings.find(id);
    if (spending == spendings.end()) {
      findings.Add(kSpending, absl::StrCat("spend record ", id, " of ", row.Int(3),
                                           " points stands for no redemption or hold"));
    } else if (row.Int(3) != spending->second.limited || row.Str(1) != spending->second.member_id ||
               row.Str(2) != spending->second.partner_id) {
      findings.Add(kSpending, absl::StrCat("spend record ", id, " counts ", row.Int(3),
                                           " points; its spending ", spending->second.limited));
    }
  }
  for (const auto& [id, spending] : spendings) {
    if (!seen.contains(id)) findings.Add(kSpending, absl::StrCat(id, " has no spend record"));
  }
}

void CheckOrders(const RedemptionRows& rows, const Coalition& coalition, const Journal& journal,
                 Findings& findings) {
  findings.Checked(kOrders);
  std::map<std::string, const Row*> redemptions;
  for (const Row& row : rows.redemptions) redemptions[row.Str(0)] = &row;
  std::set<std::string> ids;
  std::set<std::string> order_redemptions;
  std::map<std::pair<std::string, std::string>, int64_t> ordered;  // by (partner, reward)
  for (const Row& row : rows.orders) {
    const std::string& id = row.Str(0);
    ids.insert(id);
    const std::string what = absl::StrCat("order ", id, " (", row.Int(4), " x ", row.Str(2), ", ",
                                          row.Int(5), " points)");
    ordered[{row.Str(1), row.Str(2)}] += row.Int(4);
    if (row.Null(6)) {
      findings.Add(kUnfinished, absl::StrCat(what, " was never spent"));
      continue;
    }
    order_redemptions.insert(row.Str(6));
    const auto spent = redemptions.find(row.Str(6));
    if (spent == redemptions.end() || spent->second->Str(3) != row.Str(3) ||
        spent->second->Str(2) != row.Str(1) || spent->second->Int(4) != row.Int(5)) {
      findings.Add(kOrders, absl::StrCat(what, ": no matching redemption ", row.Str(6)));
    }
    const auto answer = journal.orders().find(id);
    if (answer != journal.orders().end() &&
        (answer->second.points() != row.Int(5) || answer->second.quantity() != row.Int(4) ||
         answer->second.redemption_id() != row.Str(6))) {
      findings.Add(kOrders,
                   absl::StrCat(what, " was answered as ", answer->second.ShortDebugString()));
    }
  }
  MatchAnswersToRows(journal.orders(), ids, "order", kOrders, findings);
  // A cancelled order gives its stock back and leaves no spending behind.
  for (const Row& row : rows.redemptions) {
    if (absl::StartsWith(row.Str(1), kOrderRequestPrefix) &&
        !order_redemptions.contains(row.Str(0))) {
      findings.Add(kOrders, absl::StrCat("redemption ", row.Str(0), " of ", row.Str(1),
                                         " belongs to no order"));
    }
  }
  std::map<std::pair<std::string, std::string>, int64_t> stock;
  for (const Row& row : rows.rewards) stock[{row.Str(0), row.Str(1)}] = row.Int(2);
  for (const CatalogueReward& reward : coalition.rewards) {
    const std::pair<std::string, std::string> key{reward.partner_id, reward.reward_id};
    const int64_t expected = reward.stock - (ordered.contains(key) ? ordered.at(key) : 0);
    if (!stock.contains(key) || stock.at(key) != expected) {
      findings.Add(kOrders, absl::StrCat("reward ", reward.partner_id, "/", reward.reward_id,
                                         ": stock ", stock.contains(key) ? stock.at(key) : -1,
                                         ", but ", reward.stock, " less the orders is ", expected));
    }
  }
}

}  // namespace

absl::Status CheckRedemption(WhiteBox& redemption_db, const Coalition& coalition,
                             const Journal& journal, LedgerView& ledger, Findings& findings) {
  ASSIGN_OR_RETURN(const RedemptionRows rows, ReadRows(redemption_db));
  std::map<std::string, SpendingRow> spendings;  // redemptions and holds, by id
  CheckRedemptions(rows, journal, ledger, spendings, findings);
  CheckHolds(rows, journal, ledger, spendings, findings);
  CheckRefunds(rows, journal, ledger, spendings, findings);
  CheckSpendRecords(rows, spendings, findings);
  CheckOrders(rows, coalition, journal, findings);
  return absl::OkStatus();
}

}  // namespace coalition::faults
