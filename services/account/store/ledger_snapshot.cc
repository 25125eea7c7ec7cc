#include "services/account/store/ledger_snapshot.h"

#include <map>
#include <set>

#include "services/account/ledger_rules.h"
#include "services/account/store/mariadb_lots.h"
#include "services/account/tier_ladder.h"
#include "services/common/proto_time.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

// Opens the hold or pending account `account` for `member_id`, if that member exists.
void OpenMemberSubAccount(Connection& db, const AccountKey& account, const std::string& member_id) {
  sql::PreparedStatement& open = db.Prepare(
      "INSERT INTO accounts (kind, owner_id, member_id) SELECT ?, ?, m.owner_id FROM accounts m"
      " WHERE m.kind = ? AND m.owner_id = ? ON DUPLICATE KEY UPDATE"
      " accounts.member_id = accounts.member_id");
  open.setInt(1, account.first);
  open.setString(2, account.second);
  open.setInt(3, v1::MEMBER);
  open.setString(4, member_id);
  open.executeUpdate();
}

// The checked account, locked until the transaction ends; nullopt if it does not exist.
std::optional<CheckedAccount> LockAccount(Connection& db, const AccountKey& account) {
  sql::PreparedStatement& lock = db.Prepare(
      "SELECT account_id, balance, frozen, member_id FROM accounts"
      " WHERE kind = ? AND owner_id = ? FOR UPDATE");
  lock.setInt(1, account.first);
  lock.setString(2, account.second);
  auto rows = Query(lock);
  if (!rows->next()) return std::nullopt;
  CheckedAccount checked;
  checked.account_id = rows->getInt64("account_id");
  checked.balance = rows->getInt64("balance");
  checked.frozen = rows->getBoolean("frozen");
  checked.member_id = GetString(*rows, "member_id");
  return checked;
}

// Whether a frozen member's account is frozen because the member is closed: only for the
// refusal's message.
bool MemberClosed(Connection& db, const std::string& member_id) {
  sql::PreparedStatement& read =
      db.Prepare("SELECT close_time_us FROM members WHERE member_id = ?");
  read.setString(1, member_id);
  auto rows = Query(read);
  return rows->next() && !rows->isNull("close_time_us");
}

std::optional<int64_t> LowWaterPoints(Connection& db, const std::string& partner_id) {
  sql::PreparedStatement& read =
      db.Prepare("SELECT low_water_points FROM partners WHERE partner_id = ?");
  read.setString(1, partner_id);
  auto rows = Query(read);
  if (!rows->next()) return std::nullopt;
  return rows->getInt64("low_water_points");
}

// What an earn by `member_id` at `at` needs, in one statement: the ladder in force (a row per
// level), the member's tier and qualifying points in the ladder's window (WindowStartMonth), its
// unpaid referral and the bonus program in force. Not locked: the member's account row, locked
// already, serialises the member's earns; the ladder and program are read as committed.
void ReadEarner(Connection& db, const std::string& member_id, absl::Time at,
                LedgerSnapshot& snapshot) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT t.window_months, l.tier_id AS level_tier_id, l.qualifying_points AS level_points,"
      " mt.tier_rank, mt.tier_id,"
      " (SELECT COALESCE(SUM(q.points), 0) FROM member_qualifying q WHERE q.member_id = ?"
      "  AND q.month >= ? - t.window_months + 1) AS qualifying,"
      " r.referrer_member_id, b.referral_bonus_points, b.referral_min_points"
      " FROM (SELECT 1) one"
      " LEFT JOIN tier_ladders t ON t.version = (SELECT MAX(version) FROM tier_ladders)"
      " LEFT JOIN tier_levels l ON l.version = t.version"
      " LEFT JOIN member_tiers mt ON mt.member_id = ?"
      " LEFT JOIN referrals r ON r.referred_member_id = ? AND r.paid_sequence IS NULL"
      " LEFT JOIN bonus_programs b ON b.version = (SELECT MAX(version) FROM bonus_programs)"
      " ORDER BY l.tier_rank");
  read.setString(1, member_id);
  read.setInt(2, MonthIndex(at));
  read.setString(3, member_id);
  read.setString(4, member_id);
  v1::TierLadder ladder;
  EarnerState earner;
  bool tiered = false;
  for (auto rows = Query(read); rows->next();) {
    if (!rows->isNull("level_tier_id")) {
      ladder.set_window_months(rows->getInt("window_months"));
      v1::TierLevel& level = *ladder.add_levels();
      level.set_tier_id(GetString(*rows, "level_tier_id"));
      level.set_qualifying_points(rows->getInt64("level_points"));
    }
    if (!rows->isNull("tier_rank")) {
      tiered = true;
      earner.tier_rank = rows->getInt("tier_rank");
      earner.tier_id = GetString(*rows, "tier_id");
    }
    earner.qualifying_points = rows->getInt64("qualifying");
    if (!rows->isNull("referrer_member_id")) {
      earner.unpaid_referrer_id = GetString(*rows, "referrer_member_id");
    }
    if (!rows->isNull("referral_bonus_points")) {
      snapshot.bonus_program.set_referral_bonus_points(rows->getInt64("referral_bonus_points"));
      snapshot.bonus_program.set_referral_min_points(rows->getInt64("referral_min_points"));
    }
  }
  snapshot.ladder = ladder.levels_size() > 0 ? ladder : BuiltInTierLadder();
  if (!tiered) earner.tier_id = snapshot.ladder.levels(0).tier_id();
  snapshot.earners[member_id] = std::move(earner);
}

}  // namespace

bool LedgerSnapshotReader::ContraAccountExists(Connection& db, const AccountKey& account) {
  {
    absl::MutexLock lock(&mu_);
    if (known_contra_accounts_.contains(account)) return true;
  }
  sql::PreparedStatement& find =
      db.Prepare("SELECT account_id FROM accounts WHERE kind = ? AND owner_id = ?");
  find.setInt(1, account.first);
  find.setString(2, account.second);
  if (!Query(find)->next()) return false;
  absl::MutexLock lock(&mu_);
  if (known_contra_accounts_.size() >= kMaxKnownContraAccounts) known_contra_accounts_.clear();
  known_contra_accounts_.insert(account);
  return true;
}

LedgerSnapshot LedgerSnapshotReader::Read(Connection& db, std::span<const PostingDraft> drafts,
                                          bool lots_given) {
  LedgerSnapshot snapshot;
  std::set<AccountKey> checked;  // ordered by (kind, owner): the lock order
  std::map<AccountKey, std::string> opened_for;
  std::map<AccountKey, int64_t> lot_points;  // what the debits take from each account's lots
  for (const PostingDraft& draft : drafts) {
    for (const v1::Leg& leg : draft.posting.legs()) {
      const AccountKey key = KeyOf(leg.account());
      if (!IsNonNegative(key.first)) {
        if (!snapshot.contra.contains(key) && ContraAccountExists(db, key)) {
          snapshot.contra.insert(key);
        }
        continue;
      }
      checked.insert(key);
      if (OpensOnFirstCredit(leg)) opened_for[key] = draft.posting.member_id();
      if (leg.points() < 0 && KeepsLots(key.first) && !lots_given) lot_points[key] -= leg.points();
    }
  }
  for (const AccountKey& key : checked) {
    if (auto it = opened_for.find(key); it != opened_for.end()) {
      OpenMemberSubAccount(db, key, it->second);
    }
    std::optional<CheckedAccount> account = LockAccount(db, key);
    if (!account) continue;
    if (account->frozen && key.first == v1::MEMBER) account->closed = MemberClosed(db, key.second);
    if (key.first == v1::PARTNER_PREPAID)
      account->low_water_points = LowWaterPoints(db, key.second);
    if (auto it = lot_points.find(key); it != lot_points.end()) {
      account->lots = lots::ReadSoonestExpiring(db, account->account_id, it->second);
    }
    snapshot.checked.emplace(key, *std::move(account));
  }
  for (const PostingDraft& draft : drafts) {
    if (draft.posting.type() != v1::EARN && draft.posting.type() != v1::CONFIRM) continue;
    for (const v1::Leg& leg : draft.posting.legs()) {
      const std::string& member_id = leg.account().owner_id();
      if (leg.account().kind() != v1::MEMBER || leg.points() <= 0 ||
          snapshot.earners.contains(member_id)) {
        continue;
      }
      ReadEarner(db, member_id, absl::FromUnixMicros(ProtoTimeToMicros(draft.posting.occur_time())),
                 snapshot);
    }
  }
  return snapshot;
}

}  // namespace coalition::account
