#include "services/account/store/ledger_writer.h"

#include <map>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "services/account/store/mariadb_lots.h"
#include "services/account/store/member_summary_versions.h"
#include "services/account/store/mariadb_tier_rows.h"
#include "services/common/check.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/mariadb/json_rows.h"
#include "services/common/mariadb/multi_row.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::ForEachChunk;
using mariadb::GetString;
using mariadb::JsonRows;
using mariadb::Query;
using mariadb::RepeatRow;

// Every plan's checked balance changes, summed per account: one statement for the batch.
absl::Status ApplyBalances(Connection& db, std::span<const PostingPlan> plans) {
  std::map<int64_t, int64_t> change_by_account;
  for (const PostingPlan& plan : plans) {
    for (const BalanceChange& change : plan.balances) {
      change_by_account[change.account_id] += change.points;
    }
  }
  JsonRows changes;
  for (const auto& [account_id, points] : change_by_account) {
    if (points == 0) continue;  // an account a batch credits and debits alike (rows unchanged)
    changes.Add(account_id, points);
  }
  if (changes.empty()) return absl::OkStatus();
  // One statement whatever the batch's size.
  sql::PreparedStatement& update = db.Prepare(
      "UPDATE accounts a JOIN JSON_TABLE(?, '$[*]' COLUMNS (account_id BIGINT PATH '$[0]',"
      " points BIGINT PATH '$[1]')) j ON a.account_id = j.account_id"
      " SET a.balance = a.balance + j.points WHERE a.balance + j.points >= 0");
  update.setString(1, changes.Json());
  if (const int updated = update.executeUpdate(); updated != static_cast<int>(changes.rows())) {
    return absl::InternalError(absl::StrCat("a stale plan: only ", updated, " of ", changes.rows(),
                                            " checked accounts can take their change"));
  }
  return absl::OkStatus();
}

// Inserts the plans' postings; their sequences, in plan order. The insert takes the sequence
// numbers; RETURNING saves a LAST_INSERT_ID round trip and says which row got which.
std::vector<int64_t> InsertPostings(Connection& db, std::span<const PostingPlan> plans) {
  std::vector<int64_t> sequences(plans.size(), 0);
  ForEachChunk(plans.size(), [&](size_t first, size_t count) {
    sql::PreparedStatement& insert = db.Prepare(absl::StrCat(
        "INSERT INTO postings (type, partner_id, member_id, reference, occur_time_us, caller,"
        " request_id, request_fingerprint) VALUES ",
        RepeatRow("(?, ?, ?, ?, ?, ?, ?, ?)", count), " RETURNING sequence, caller, request_id"));
    absl::flat_hash_map<std::pair<std::string, std::string>, size_t> index_of_key;
    unsigned int column = 1;
    for (size_t i = first; i < first + count; ++i) {
      const PostingDraft& draft = plans[i].draft;
      const v1::Posting& posting = draft.posting;
      insert.setInt(column++, posting.type());
      insert.setString(column++, posting.partner_id());
      insert.setString(column++, posting.member_id());
      insert.setString(column++, posting.reference());
      insert.setInt64(column++, ProtoTimeToMicros(posting.occur_time()));
      mariadb::BindRequestKey(insert, column, draft.key);
      column += 3;
      index_of_key[{draft.key.caller, draft.key.request_id}] = i;
    }
    for (auto rows = Query(insert); rows->next();) {
      auto it = index_of_key.find({GetString(*rows, "caller"), GetString(*rows, "request_id")});
      COALITION_CHECK(it != index_of_key.end(), "an inserted posting has a key of no plan");
      sequences[it->second] = rows->getInt64("sequence");
    }
  });
  for (const int64_t sequence : sequences) {
    COALITION_CHECK(sequence > 0, "a posting got no sequence");
  }
  return sequences;
}

// The plans' entries, each with its account's id from the plan: integers only, so one
// JSON_TABLE statement for the batch (a row with a look-up of its account by owner would cost a
// subquery to plan per row).
void InsertEntries(Connection& db, std::span<const PostingPlan> plans,
                   const std::vector<int64_t>& sequences) {
  JsonRows entries;
  for (size_t i = 0; i < plans.size(); ++i) {
    const v1::Posting& posting = plans[i].draft.posting;
    COALITION_CHECK(plans[i].leg_account_ids.size() == static_cast<size_t>(posting.legs_size()),
                    "a plan without its legs' accounts");
    for (int leg = 0; leg < posting.legs_size(); ++leg) {
      entries.Add(sequences[i], leg, plans[i].leg_account_ids[static_cast<size_t>(leg)],
                  posting.legs(leg).points());
    }
  }
  sql::PreparedStatement& insert = db.Prepare(
      "INSERT INTO entries (sequence, leg, account_id, points)"
      " SELECT j.sequence, j.leg, j.account_id, j.points FROM JSON_TABLE(?, '$[*]' COLUMNS ("
      " sequence BIGINT PATH '$[0]', leg INT PATH '$[1]', account_id BIGINT PATH '$[2]',"
      " points BIGINT PATH '$[3]')) j");
  insert.setString(1, entries.Json());
  insert.executeUpdate();
}

// The lots the plans start (an earn's), in one statement.
void InsertNewLots(Connection& db, std::span<const PostingPlan> plans,
                   const std::vector<int64_t>& sequences) {
  std::vector<lots::NewLotRow> rows;
  for (size_t i = 0; i < plans.size(); ++i) {
    for (const NewLot& lot : plans[i].lots_created) {
      rows.push_back({lot.account_id, {sequences[i], lot.expire_at_us, lot.points}});
    }
  }
  lots::AddNew(db, rows);
}

// The qualifying points the plans add, in one statement per chunk.
void AddQualifying(Connection& db, std::span<const PostingPlan> plans) {
  std::vector<const QualifyingPoints*> rows;
  for (const PostingPlan& plan : plans) {
    for (const QualifyingPoints& earned : plan.qualifying) rows.push_back(&earned);
  }
  ForEachChunk(rows.size(), [&](size_t first, size_t count) {
    sql::PreparedStatement& add = db.Prepare(
        absl::StrCat("INSERT INTO member_qualifying (member_id, month, points) VALUES ",
                     RepeatRow("(?, ?, ?)", count),
                     " ON DUPLICATE KEY UPDATE points = points + VALUES(points)"));
    unsigned int column = 1;
    for (size_t i = first; i < first + count; ++i) {
      add.setString(column++, rows[i]->member_id);
      add.setInt(column++, rows[i]->month);
      add.setInt64(column++, rows[i]->points);
    }
    add.executeUpdate();
  });
}

// Whether the plans' new lots may all be written before any plan's other lot changes: true
// unless a plan cuts the lots of an account a later plan starts a lot in (the cut's range could
// then take the lot it did not plan for). Extensions cannot catch a later new lot: a batch is
// planned at one time, so a new lot's expiry is at least any extension before it.
bool NewLotsMayGoFirst(std::span<const PostingPlan> plans) {
  absl::flat_hash_set<int64_t> cut;
  for (const PostingPlan& plan : plans) {
    for (const NewLot& lot : plan.lots_created) {
      if (cut.contains(lot.account_id)) return false;
    }
    for (const LotCut& taken : plan.lots_taken) cut.insert(taken.account_id);
  }
  return true;
}

// What a plan writes besides the set-based parts, in the order a plan needs: lots that move or
// change (its new lots too, unless written for the whole batch), alerts, upgrades, referrals.
void WriteRareParts(Connection& db, int64_t sequence, const PostingPlan& plan, bool new_lots) {
  for (const LotCut& cut : plan.lots_taken) lots::Cut(db, cut);
  for (const LotsMovedIn& in : plan.lots_moved_in) lots::Add(db, in.account_id, in.slices);
  if (new_lots) InsertNewLots(db, std::span<const PostingPlan>(&plan, 1), {sequence});
  lots::RecordMoves(db, sequence, plan.lot_moves);
  for (const LotExtension& extension : plan.lots_extended) {
    lots::ExtendAll(db, extension.member_id, extension.expire_at_us);
  }
  for (const PrepaidAlert& alert : plan.alerts) {
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
  for (const TierUpgrade& upgrade : plan.tier_upgrades) {
    tier_rows::SetTier(db, upgrade.member_id, upgrade.to_rank, upgrade.to_tier_id,
                       absl::FromUnixMicros(upgrade.review_at_us));
    tier_rows::RecordChange(db, upgrade.member_id, upgrade.from_tier_id, upgrade.to_tier_id,
                            v1::TierChange::QUALIFIED, upgrade.qualifying_points,
                            absl::FromUnixMicros(upgrade.change_time_us));
  }
  if (!plan.pays_referral_of.empty()) {
    // The referred member's row lock, held by this transaction, makes the plan's check and this
    // update atomic.
    sql::PreparedStatement& mark = db.Prepare(
        "UPDATE referrals SET paid_sequence = ? WHERE referred_member_id = ?"
        " AND paid_sequence IS NULL");
    mark.setInt64(1, sequence);
    mark.setString(2, plan.pays_referral_of);
    COALITION_CHECK(mark.executeUpdate() == 1, "a referral was paid twice");
  }
}

}  // namespace

absl::StatusOr<std::vector<v1::Posting>> ApplyPlans(Connection& db,
                                                    std::span<const PostingPlan> plans) {
  std::vector<v1::Posting> posted;
  if (plans.empty()) return posted;
  RETURN_IF_ERROR(ApplyBalances(db, plans));
  const std::vector<int64_t> sequences = InsertPostings(db, plans);
  InsertEntries(db, plans, sequences);
  const bool new_lots_first = NewLotsMayGoFirst(plans);
  if (new_lots_first) InsertNewLots(db, plans, sequences);
  for (size_t i = 0; i < plans.size(); ++i) {
    WriteRareParts(db, sequences[i], plans[i], /*new_lots=*/!new_lots_first);
  }
  AddQualifying(db, plans);
  // Last, after every other row lock: the summaries of the members these postings touched.
  std::vector<int64_t> touched;
  for (const PostingPlan& plan : plans) {
    for (const BalanceChange& change : plan.balances) touched.push_back(change.account_id);
  }
  summary_versions::BumpForAccounts(db, touched);
  posted.reserve(plans.size());
  for (size_t i = 0; i < plans.size(); ++i) {
    v1::Posting& posting = posted.emplace_back(plans[i].draft.posting);
    posting.set_sequence(sequences[i]);
  }
  return posted;
}

}  // namespace coalition::account
