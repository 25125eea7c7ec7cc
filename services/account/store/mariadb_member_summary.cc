// MariaDbLedgerStore::GetMemberSummary (declared in mariadb_ledger_store.h).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/account/expiry_policy.h"
#include "services/account/store/mariadb_ledger_store.h"
#include "services/account/store/sql_enums.h"
#include "services/account/tier_ladder.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

absl::StatusOr<v1::MemberSummary> MariaDbLedgerStore::GetMemberSummary(const std::string& member_id,
                                                                       int transaction_count,
                                                                       absl::Time now) {
  ASSIGN_OR_RETURN(const v1::TierLadder ladder, tiers_.CurrentLadder());
  v1::MemberSummary summary;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    // One statement, so one read view: the balance, holds, lots and history it returns are all
    // as of the same commit, however many postings land meanwhile. One round trip, too.
    sql::PreparedStatement& read = db.Prepare(
        "SELECT 'balance' AS part, a.balance AS n1,"
        " (SELECT COALESCE(SUM(h.balance), 0) FROM accounts h WHERE h.member_id = ?"
        "  AND h.kind = " SQL_MEMBER_HOLD
        ") AS n2,"
        " COALESCE((SELECT p.balance FROM accounts p WHERE p.kind = " SQL_MEMBER_PENDING
        " AND p.owner_id = a.owner_id),"
        "  0) AS n3, 0 AS n4, '' AS s1, '' AS s2"
        " FROM accounts a WHERE a.kind = " SQL_MEMBER
        " AND a.owner_id = ?"
        " UNION ALL (SELECT 'expiring', expire_at_us, SUM(points), 0, 0, '', '' FROM lots"
        "  WHERE account_id = (SELECT account_id FROM accounts WHERE kind = " SQL_MEMBER
        " AND owner_id = ?)"
        "  AND expire_at_us < ? GROUP BY expire_at_us ORDER BY expire_at_us LIMIT 3)"
        " UNION ALL (SELECT 'transaction', e.sequence, e.points, p.type, p.occur_time_us,"
        "  p.partner_id, p.reference FROM entries e JOIN postings p ON p.sequence = e.sequence"
        "  WHERE e.account_id = (SELECT account_id FROM accounts WHERE kind = " SQL_MEMBER
        " AND owner_id = ?)"
        "  AND NOT (p.type = " SQL_MERGE
        " AND e.points > 0) ORDER BY e.sequence DESC LIMIT ?)"
        // Members merged into this one: their history is its history (as in
        // ListMemberTransactions).
        " UNION ALL (SELECT 'transaction', e.sequence, e.points, p.type, p.occur_time_us,"
        "  p.partner_id, p.reference FROM entries e JOIN postings p ON p.sequence = e.sequence"
        "  WHERE e.account_id IN (SELECT account_id FROM accounts WHERE kind = " SQL_MEMBER
        "  AND member_id = ? AND owner_id <> ?) AND p.type <> " SQL_MERGE
        "  ORDER BY e.sequence DESC LIMIT ?)"
        " UNION ALL SELECT 'tier',"
        " COALESCE((SELECT tier_rank FROM member_tiers WHERE member_id = ?), 0),"
        " (SELECT COALESCE(SUM(points), 0) FROM member_qualifying WHERE member_id = ?"
        "  AND month >= ?),"
        " 0, COALESCE((SELECT review_at_us FROM member_tiers WHERE member_id = ?), 0), '', ''");
    read.setString(1, member_id);
    read.setString(2, member_id);
    read.setString(3, member_id);
    read.setInt64(4, ExpiryPolicy::kNeverUs);
    read.setString(5, member_id);
    read.setInt(6, transaction_count);
    read.setString(7, member_id);
    read.setString(8, member_id);
    read.setInt(9, transaction_count);
    read.setString(10, member_id);
    read.setString(11, member_id);
    read.setInt(12, WindowStartMonth(ladder, now));
    read.setString(13, member_id);
    bool found = false;
    for (auto rows = Query(read); rows->next();) {
      const std::string part = GetString(*rows, "part");
      if (part == "balance") {
        found = true;
        summary.set_available_points(rows->getInt64("n1"));
        summary.set_held_points(rows->getInt64("n2"));
        summary.set_pending_points(rows->getInt64("n3"));
      } else if (part == "tier") {
        *summary.mutable_tier() = DescribeTier(ladder, static_cast<int>(rows->getInt64("n1")),
                                               rows->getInt64("n2"), rows->getInt64("n4"));
      } else if (part == "expiring") {
        v1::ExpiringPoints& expiring = *summary.add_next_expiring();
        *expiring.mutable_expire_time() = MicrosToProtoTime(rows->getInt64("n1"));
        expiring.set_points(rows->getInt64("n2"));
      } else {
        v1::Transaction& transaction = *summary.add_recent_transactions();
        transaction.set_sequence(rows->getInt64("n1"));
        transaction.set_points(rows->getInt64("n2"));
        transaction.set_type(static_cast<v1::PostingType>(rows->getInt("n3")));
        *transaction.mutable_occur_time() = MicrosToProtoTime(rows->getInt64("n4"));
        transaction.set_partner_id(GetString(*rows, "s1"));
        transaction.set_reference(GetString(*rows, "s2"));
      }
    }
    if (!found) return absl::NotFoundError(absl::StrCat("member_id: no member '", member_id, "'"));
    // A union's parts keep their own order only by custom, so order them here.
    auto& expiring = *summary.mutable_next_expiring();
    std::sort(expiring.begin(), expiring.end(), [](const auto& a, const auto& b) {
      return ProtoTimeToMicros(a.expire_time()) < ProtoTimeToMicros(b.expire_time());
    });
    auto& recent = *summary.mutable_recent_transactions();
    std::sort(recent.begin(), recent.end(),
              [](const auto& a, const auto& b) { return a.sequence() > b.sequence(); });
    if (recent.size() > transaction_count) {
      recent.DeleteSubrange(transaction_count, recent.size() - transaction_count);
    }
    summary.set_member_id(member_id);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return summary;
}

}  // namespace coalition::account
