#include "services/account/store/mariadb_tier_store.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/account/expiry_policy.h"
#include "services/account/ledger_rules.h"
#include "services/account/store/mariadb_tier_rows.h"
#include "services/account/store/sql_enums.h"
#include "services/account/tier_ladder.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/mariadb/job_runs.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;
using tier_rows::RecordChange;
using tier_rows::SetTier;

// Ladder `version`, or (0) the newest published, or the built-in one if none was.
v1::TierLadder ReadLadder(Connection& db, int64_t version = 0) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT t.version, t.window_months, t.create_time_us, l.tier_id, l.display_name,"
      " l.qualifying_points, l.earn_multiplier_bp FROM tier_ladders t"
      " JOIN tier_levels l ON l.version = t.version"
      " WHERE t.version = IF(? > 0, ?, (SELECT MAX(version) FROM tier_ladders))"
      " ORDER BY l.tier_rank");
  read.setInt64(1, version);
  read.setInt64(2, version);
  v1::TierLadder ladder;
  for (auto rows = Query(read); rows->next();) {
    ladder.set_version(rows->getInt64("version"));
    ladder.set_window_months(rows->getInt("window_months"));
    *ladder.mutable_create_time() = MicrosToProtoTime(rows->getInt64("create_time_us"));
    v1::TierLevel& level = *ladder.add_levels();
    level.set_tier_id(GetString(*rows, "tier_id"));
    level.set_display_name(GetString(*rows, "display_name"));
    level.set_qualifying_points(rows->getInt64("qualifying_points"));
    level.set_earn_multiplier_bp(rows->getInt("earn_multiplier_bp"));
  }
  return ladder.levels_size() > 0 ? ladder : BuiltInTierLadder();
}

// Where a member stands: its tier (the lowest if it has no row) and its qualifying points in the
// window starting at `first_month`, in one statement.
struct Standing {
  int rank = 0;
  std::string tier_id;
  int64_t review_at_us = 0;
  int64_t qualifying_points = 0;
};

Standing ReadStanding(Connection& db, const std::string& member_id, const v1::TierLadder& ladder,
                      int first_month) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT t.tier_rank, t.tier_id, t.review_at_us,"
      " (SELECT COALESCE(SUM(points), 0) FROM member_qualifying WHERE member_id = ?"
      "  AND month >= ?) AS qualifying"
      " FROM (SELECT 1) one LEFT JOIN member_tiers t ON t.member_id = ?");
  read.setString(1, member_id);
  read.setInt(2, first_month);
  read.setString(3, member_id);
  auto rows = Query(read);
  rows->next();
  Standing standing;
  standing.qualifying_points = rows->getInt64("qualifying");
  if (rows->isNull("tier_rank")) {
    standing.tier_id = ladder.levels(0).tier_id();
  } else {
    standing.rank = rows->getInt("tier_rank");
    standing.tier_id = GetString(*rows, "tier_id");
    standing.review_at_us = rows->getInt64("review_at_us");
  }
  return standing;
}

v1::TierReviewRun RunFromRow(sql::ResultSet& row) {
  v1::TierReviewRun run;
  run.set_run_id(std::to_string(row.getInt64("run_id")));
  *run.mutable_as_of() = MicrosToProtoTime(row.getInt64("as_of_us"));
  run.set_complete(row.getBoolean("complete"));
  run.set_members_reviewed(row.getInt64("members_reviewed"));
  run.set_members_moved_down(row.getInt64("members_moved_down"));
  return run;
}

absl::StatusOr<v1::TierReviewRun> ReadRun(Connection& db, int64_t run_id) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT run_id, as_of_us, complete, members_reviewed, members_moved_down"
      " FROM tier_review_runs WHERE run_id = ?");
  read.setInt64(1, run_id);
  auto rows = Query(read);
  if (!rows->next()) return absl::InternalError(absl::StrCat("tier review ", run_id, " vanished"));
  return RunFromRow(*rows);
}

}  // namespace

std::shared_ptr<const v1::TierLadder> MariaDbTierStore::Ladder(Connection& db) {
  {
    absl::MutexLock lock(&mu_);
    if (ladder_ != nullptr && absl::Now() - ladder_read_at_ < kLadderCacheTime) return ladder_;
  }
  auto ladder = std::make_shared<const v1::TierLadder>(ReadLadder(db));
  absl::MutexLock lock(&mu_);
  ladder_ = ladder;
  ladder_read_at_ = absl::Now();
  return ladder;
}

void MariaDbTierStore::MergeQualifyingIn(Connection& db, const std::string& source_member_id,
                                         const std::string& target_member_id, absl::Time now) {
  sql::PreparedStatement& add = db.Prepare(
      "INSERT INTO member_qualifying (member_id, month, points) SELECT ?, q.month, q.points"
      " FROM member_qualifying q WHERE q.member_id = ?"
      " ON DUPLICATE KEY UPDATE points = member_qualifying.points + VALUES(points)");
  add.setString(1, target_member_id);
  add.setString(2, source_member_id);
  add.executeUpdate();
  UpgradeIfQualifiedIn(db, target_member_id, now);
}

void MariaDbTierStore::UpgradeIfQualifiedIn(Connection& db, const std::string& member_id,
                                            absl::Time now) {
  const std::shared_ptr<const v1::TierLadder> ladder = Ladder(db);
  if (ladder->levels_size() < 2) return;  // nowhere to move up to
  const Standing standing = ReadStanding(db, member_id, *ladder, WindowStartMonth(*ladder, now));
  const int reached = QualifiedRank(*ladder, standing.qualifying_points);
  if (reached <= standing.rank) return;
  SetTier(db, member_id, reached, ladder->levels(reached).tier_id(),
          EndOfDayMonthsLater(now, kReviewMonths));
  RecordChange(db, member_id, standing.tier_id, ladder->levels(reached).tier_id(),
               v1::TierChange::QUALIFIED, standing.qualifying_points, now);
}

absl::StatusOr<v1::TierLadder> MariaDbTierStore::PublishLadder(const RequestKey& key,
                                                               const v1::TierLadder& ladder) {
  v1::TierLadder published;
  absl::Status status =
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        int64_t version = 0;
        sql::PreparedStatement& find = db.Prepare(
            "SELECT version, request_fingerprint FROM tier_ladders WHERE caller = ?"
            " AND request_id = ?");
        find.setString(1, key.caller);
        find.setString(2, key.request_id);
        if (auto rows = Query(find); rows->next()) {
          // Not RETURN_IF_ERROR: this lambda runs inside one, whose status_ it would shadow.
          if (absl::Status same = CheckSameRequest(GetString(*rows, "request_fingerprint"), key);
              !same.ok())
            return same;
          published = ReadLadder(db, rows->getInt64("version"));
          return absl::OkStatus();
        }
        sql::PreparedStatement& insert = db.Prepare(
            "INSERT INTO tier_ladders (window_months, create_time_us, caller, request_id,"
            " request_fingerprint) VALUES (?, ?, ?, ?, ?) RETURNING version");
        insert.setInt(1, ladder.window_months());
        insert.setInt64(2, ProtoTimeToMicros(ladder.create_time()));
        mariadb::BindRequestKey(insert, 3, key);
        auto rows = Query(insert);
        rows->next();
        version = rows->getInt64("version");
        sql::PreparedStatement& level = db.Prepare(
            "INSERT INTO tier_levels (version, tier_rank, tier_id, display_name,"
            " qualifying_points, earn_multiplier_bp) VALUES (?, ?, ?, ?, ?, ?)");
        for (int i = 0; i < ladder.levels_size(); ++i) {
          level.setInt64(1, version);
          level.setInt(2, i);
          level.setString(3, ladder.levels(i).tier_id());
          level.setString(4, ladder.levels(i).display_name());
          level.setInt64(5, ladder.levels(i).qualifying_points());
          level.setInt(6, ladder.levels(i).earn_multiplier_bp());
          level.executeUpdate();
        }
        published = ReadLadder(db, version);
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  // This process sees its own publication at once; others within kLadderCacheTime.
  absl::MutexLock lock(&mu_);
  ladder_.reset();
  return published;
}

absl::StatusOr<v1::TierLadder> MariaDbTierStore::CurrentLadder() {
  {
    // The summary asks on every call: a cached ladder needs no connection.
    absl::MutexLock lock(&mu_);
    if (ladder_ != nullptr && absl::Now() - ladder_read_at_ < kLadderCacheTime) return *ladder_;
  }
  std::shared_ptr<const v1::TierLadder> ladder;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    ladder = Ladder(db);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *ladder;
}

absl::StatusOr<v1::TierReviewRun> MariaDbTierStore::StartReview(const RequestKey& key,
                                                                absl::Time as_of) {
  v1::TierReviewRun run;
  absl::Status status =
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(const int64_t run_id,
                         mariadb::job_runs::FindOrStart(db, "tier_review_runs", key, as_of));
        ASSIGN_OR_RETURN(run, ReadRun(db, run_id));
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return run;
}

absl::StatusOr<v1::TierReviewRun> MariaDbTierStore::EndReviewStep(const v1::TierReviewRun& run,
                                                                  bool complete) {
  v1::TierReviewRun ended;
  absl::Status status = pool_.InTransaction([&](Connection& db) -> absl::Status {
    if (complete) mariadb::job_runs::MarkComplete(db, "tier_review_runs", std::stoll(run.run_id()));
    ASSIGN_OR_RETURN(ended, ReadRun(db, std::stoll(run.run_id())));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return ended;
}

absl::StatusOr<std::vector<std::string>> MariaDbTierStore::MembersDueForReview(absl::Time as_of,
                                                                               int limit) {
  std::vector<std::string> members;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& find = db.Prepare(
        "SELECT member_id FROM member_tiers WHERE review_at_us <= ? ORDER BY review_at_us LIMIT ?");
    find.setInt64(1, absl::ToUnixMicros(as_of));
    find.setInt(2, limit);
    for (auto rows = Query(find); rows->next();) members.push_back(GetString(*rows, "member_id"));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return members;
}

absl::Status MariaDbTierStore::ReviewMember(const v1::TierReviewRun& run,
                                            const std::string& member_id, absl::Time now) {
  const absl::Time as_of = absl::FromUnixMicros(ProtoTimeToMicros(run.as_of()));
  return pool_.InTransaction([&](Connection& db) -> absl::Status {
    // The member's account row serialises the review with the member's earns.
    sql::PreparedStatement& lock =
        db.Prepare("SELECT account_id FROM accounts WHERE kind = ? AND owner_id = ? FOR UPDATE");
    lock.setInt(1, v1::MEMBER);
    lock.setString(2, member_id);
    if (!Query(lock)->next()) return absl::NotFoundError(NoSuchOwner(v1::MEMBER, member_id));
    const std::shared_ptr<const v1::TierLadder> ladder = Ladder(db);
    const Standing current = ReadStanding(db, member_id, *ladder, WindowStartMonth(*ladder, now));
    if (current.review_at_us == 0 || current.review_at_us > absl::ToUnixMicros(as_of)) {
      return absl::OkStatus();  // reviewed already, by this run or another
    }
    const int rank = QualifiedRank(*ladder, current.qualifying_points);
    absl::Time next_review = absl::FromUnixMicros(current.review_at_us);
    while (next_review <= as_of) next_review = EndOfDayMonthsLater(next_review, kReviewMonths);
    SetTier(db, member_id, rank, ladder->levels(rank).tier_id(), next_review);
    const std::string& to = ladder->levels(rank).tier_id();
    if (to != current.tier_id) {
      RecordChange(db, member_id, current.tier_id, to, v1::TierChange::REVIEWED,
                   current.qualifying_points, now);
    }
    sql::PreparedStatement& count = db.Prepare(
        "UPDATE tier_review_runs SET members_reviewed = members_reviewed + 1,"
        " members_moved_down = members_moved_down + ? WHERE run_id = ?");
    count.setInt(1, rank < current.rank ? 1 : 0);
    count.setInt64(2, std::stoll(run.run_id()));
    count.executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::MemberTier> MariaDbTierStore::MemberTier(const std::string& member_id,
                                                            absl::Time now) {
  ASSIGN_OR_RETURN(const v1::TierLadder ladder, CurrentLadder());
  v1::MemberTier tier;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& read = db.Prepare(
        "SELECT COALESCE(t.tier_rank, 0) AS tier_rank, COALESCE(t.review_at_us, 0) AS review_at_us,"
        " (SELECT COALESCE(SUM(points), 0) FROM member_qualifying WHERE member_id = ?"
        "  AND month >= ?) AS qualifying"
        " FROM accounts a LEFT JOIN member_tiers t ON t.member_id = a.owner_id"
        " WHERE a.kind = " SQL_MEMBER " AND a.owner_id = ?");
    read.setString(1, member_id);
    read.setInt(2, WindowStartMonth(ladder, now));
    read.setString(3, member_id);
    auto rows = Query(read);
    if (!rows->next()) return absl::NotFoundError(NoSuchOwner(v1::MEMBER, member_id));
    tier = DescribeTier(ladder, rows->getInt("tier_rank"), rows->getInt64("qualifying"),
                        rows->getInt64("review_at_us"));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return tier;
}

absl::StatusOr<TierStore::ChangePage> MariaDbTierStore::ListChanges(const std::string& member_id,
                                                                    std::optional<int64_t> cursor,
                                                                    int limit) {
  ChangePage page;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& read = db.Prepare(
        "SELECT change_id, from_tier_id, to_tier_id, reason, qualifying_points, change_time_us"
        " FROM tier_changes WHERE member_id = ? AND change_id < ? ORDER BY change_id DESC"
        " LIMIT ?");
    read.setString(1, member_id);
    read.setInt64(2, cursor.value_or(std::numeric_limits<int64_t>::max()));
    read.setInt(3, limit + 1);
    int64_t last_id = 0;
    for (auto rows = Query(read); rows->next();) {
      if (static_cast<int>(page.changes.size()) == limit) {
        page.next_cursor = last_id;
        break;
      }
      last_id = rows->getInt64("change_id");
      v1::TierChange& change = page.changes.emplace_back();
      change.set_from_tier_id(GetString(*rows, "from_tier_id"));
      change.set_to_tier_id(GetString(*rows, "to_tier_id"));
      change.set_reason(static_cast<v1::TierChange::Reason>(rows->getInt("reason")));
      change.set_qualifying_points(rows->getInt64("qualifying_points"));
      *change.mutable_change_time() = MicrosToProtoTime(rows->getInt64("change_time_us"));
    }
    if (page.changes.empty() && !cursor) {
      sql::PreparedStatement& member = db.Prepare("SELECT 1 FROM members WHERE member_id = ?");
      member.setString(1, member_id);
      if (!Query(member)->next()) return absl::NotFoundError(NoSuchOwner(v1::MEMBER, member_id));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return page;
}

}  // namespace coalition::account
