#include "services/account/store/ledger_writer.h"

#include "absl/strings/str_cat.h"
#include "services/account/store/mariadb_lots.h"
#include "services/account/store/mariadb_tier_rows.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/check.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::Query;

absl::Status ApplyBalance(Connection& db, const BalanceChange& change) {
  sql::PreparedStatement& update = db.Prepare(
      "UPDATE accounts SET balance = balance + ? WHERE account_id = ? AND balance + ? >= 0");
  update.setInt64(1, change.points);
  update.setInt64(2, change.account_id);
  update.setInt64(3, change.points);
  if (update.executeUpdate() != 1) {
    return absl::InternalError(absl::StrCat("a stale plan: account ", change.account_id,
                                            " cannot take ", change.points, " points"));
  }
  return absl::OkStatus();
}

// The insert takes the posting's sequence number; RETURNING saves a LAST_INSERT_ID round trip.
int64_t InsertPosting(Connection& db, const PostingDraft& draft) {
  const v1::Posting& posting = draft.posting;
  sql::PreparedStatement& insert = db.Prepare(
      "INSERT INTO postings (type, partner_id, member_id, reference, occur_time_us, caller,"
      " request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING sequence");
  insert.setInt(1, posting.type());
  insert.setString(2, posting.partner_id());
  insert.setString(3, posting.member_id());
  insert.setString(4, posting.reference());
  insert.setInt64(5, ProtoTimeToMicros(posting.occur_time()));
  mariadb::BindRequestKey(insert, 6, draft.key);
  auto rows = Query(insert);
  rows->next();
  return rows->getInt64("sequence");
}

// Every leg's account is known to exist by now; the server looks each id up by its unique key.
void InsertEntries(Connection& db, int64_t sequence, const v1::Posting& posting) {
  std::string sql = "INSERT INTO entries (sequence, leg, account_id, points) VALUES ";
  for (int i = 0; i < posting.legs_size(); ++i) {
    absl::StrAppend(&sql, i == 0 ? "" : ", ",
                    "(?, ?, (SELECT account_id FROM accounts WHERE kind = ? AND owner_id = ?), ?)");
  }
  sql::PreparedStatement& insert = db.Prepare(sql);
  unsigned int column = 1;
  for (int i = 0; i < posting.legs_size(); ++i) {
    const v1::Leg& leg = posting.legs(i);
    insert.setInt64(column++, sequence);
    insert.setInt(column++, i);
    insert.setInt(column++, leg.account().kind());
    insert.setString(column++, leg.account().owner_id());
    insert.setInt64(column++, leg.points());
  }
  insert.executeUpdate();
}

void WriteLots(Connection& db, int64_t sequence, const PostingPlan& plan) {
  for (const LotCut& cut : plan.lots_taken) lots::Cut(db, cut);
  for (const LotsMovedIn& in : plan.lots_moved_in) lots::Add(db, in.account_id, in.slices);
  for (const NewLot& lot : plan.lots_created) {
    lots::AddNew(db, lot.account_id, {sequence, lot.expire_at_us, lot.points});
  }
  lots::RecordMoves(db, sequence, plan.lot_moves);
  for (const LotExtension& extension : plan.lots_extended) {
    lots::ExtendAll(db, extension.member_id, extension.expire_at_us);
  }
}

void InsertAlert(Connection& db, int64_t sequence, const PrepaidAlert& alert) {
  sql::PreparedStatement& insert = db.Prepare(
      "INSERT INTO partner_alerts (partner_id, kind, prepaid_points, low_water_points,"
      " posting_sequence, alert_time_us) VALUES (?, 'prepaid low water', ?, ?, ?, ?)");
  insert.setString(1, alert.partner_id);
  insert.setInt64(2, alert.prepaid_points);
  insert.setInt64(3, alert.low_water_points);
  insert.setInt64(4, sequence);
  insert.setInt64(5, alert.alert_time_us);
  insert.executeUpdate();
}

void MarkReferralPaid(Connection& db, const std::string& referred_member_id, int64_t sequence) {
  // The referred member's row lock, held by this transaction, makes the plan's check and this
  // update atomic.
  sql::PreparedStatement& mark = db.Prepare(
      "UPDATE referrals SET paid_sequence = ? WHERE referred_member_id = ?"
      " AND paid_sequence IS NULL");
  mark.setInt64(1, sequence);
  mark.setString(2, referred_member_id);
  COALITION_CHECK(mark.executeUpdate() == 1, "a referral was paid twice");
}

}  // namespace

absl::StatusOr<std::vector<v1::Posting>> ApplyPlans(Connection& db,
                                                    std::span<const PostingPlan> plans) {
  std::vector<v1::Posting> posted;
  posted.reserve(plans.size());
  for (const PostingPlan& plan : plans) {
    for (const BalanceChange& change : plan.balances) RETURN_IF_ERROR(ApplyBalance(db, change));
    const int64_t sequence = InsertPosting(db, plan.draft);
    InsertEntries(db, sequence, plan.draft.posting);
    WriteLots(db, sequence, plan);
    for (const PrepaidAlert& alert : plan.alerts) InsertAlert(db, sequence, alert);
    for (const QualifyingPoints& earned : plan.qualifying) {
      tier_rows::AddQualifying(db, earned.member_id, earned.month, earned.points);
    }
    for (const TierUpgrade& upgrade : plan.tier_upgrades) {
      tier_rows::SetTier(db, upgrade.member_id, upgrade.to_rank, upgrade.to_tier_id,
                         absl::FromUnixMicros(upgrade.review_at_us));
      tier_rows::RecordChange(db, upgrade.member_id, upgrade.from_tier_id, upgrade.to_tier_id,
                              v1::TierChange::QUALIFIED, upgrade.qualifying_points,
                              absl::FromUnixMicros(upgrade.change_time_us));
    }
    if (!plan.pays_referral_of.empty()) MarkReferralPaid(db, plan.pays_referral_of, sequence);
    v1::Posting& posting = posted.emplace_back(plan.draft.posting);
    posting.set_sequence(sequence);
  }
  return posted;
}

}  // namespace coalition::account
