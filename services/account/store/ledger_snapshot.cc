#include "services/account/store/ledger_snapshot.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/account/ledger_rules.h"
#include "services/account/store/mariadb_lots.h"
#include "services/account/tier_ladder.h"
#include "services/common/mariadb/json_rows.h"
#include "services/common/mariadb/multi_row.h"
#include "services/common/proto_time.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::JsonRows;
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

// The checked accounts of `keys` that exist, locked until the transaction ends: one statement
// per kind (a few for very many owners), each locking its rows in the index's (kind, owner)
// order, so every transaction takes member-owned rows in one global order.
std::map<AccountKey, CheckedAccount> LockAccounts(Connection& db, const std::set<AccountKey>& keys) {
  std::map<AccountKey, CheckedAccount> locked;
  for (auto kind_begin = keys.begin(); kind_begin != keys.end();) {
    const v1::AccountKind kind = kind_begin->first;
    std::vector<const std::string*> owners;
    auto kind_end = kind_begin;
    for (; kind_end != keys.end() && kind_end->first == kind; ++kind_end) {
      owners.push_back(&kind_end->second);
    }
    mariadb::ForEachChunk(owners.size(), [&](size_t first, size_t count) {
      sql::PreparedStatement& lock = db.Prepare(absl::StrCat(
          "SELECT owner_id, account_id, balance, frozen, member_id FROM accounts"
          " WHERE kind = ? AND owner_id IN (",
          mariadb::RepeatRow("?", count), ") FOR UPDATE"));
      lock.setInt(1, kind);
      for (unsigned int i = 0; i < count; ++i) lock.setString(i + 2, *owners[first + i]);
      // Owners compare as the column's collation does (ids are ASCII, case-insensitive): a
      // row answers every asked spelling of its owner.
      absl::flat_hash_map<std::string, std::vector<const std::string*>> asked;
      for (size_t i = first; i < first + count; ++i) {
        asked[absl::AsciiStrToLower(*owners[i])].push_back(owners[i]);
      }
      for (auto rows = Query(lock); rows->next();) {
        CheckedAccount found;
        found.account_id = rows->getInt64("account_id");
        found.balance = rows->getInt64("balance");
        found.frozen = rows->getBoolean("frozen");
        found.member_id = GetString(*rows, "member_id");
        auto spellings = asked.find(absl::AsciiStrToLower(GetString(*rows, "owner_id")));
        if (spellings == asked.end()) continue;
        for (const std::string* owner : spellings->second) locked[{kind, *owner}] = found;
      }
    });
    kind_begin = kind_end;
  }
  return locked;
}

// What a snapshot of some drafts locks: their checked accounts, ordered by (kind, owner) (the
// lock order), and those of them a draft's credit opens (a member's hold or pending account),
// with the member each is for.
struct AccountsToLock {
  std::set<AccountKey> checked;
  std::map<AccountKey, std::string> opened_for;
};

AccountsToLock AccountsToLockOf(std::span<const PostingDraft* const> drafts) {
  AccountsToLock accounts;
  for (const PostingDraft* draft : drafts) {
    for (const v1::Leg& leg : draft->posting.legs()) {
      const AccountKey key = KeyOf(leg.account());
      if (!IsNonNegative(key.first)) continue;
      accounts.checked.insert(key);
      if (OpensOnFirstCredit(leg)) accounts.opened_for[key] = draft->posting.member_id();
    }
  }
  return accounts;
}

// Opens the accounts to open, then locks the checked ones (LockAccounts).
std::map<AccountKey, CheckedAccount> OpenAndLock(Connection& db, const AccountsToLock& accounts) {
  for (const auto& [key, member_id] : accounts.opened_for) {
    OpenMemberSubAccount(db, key, member_id);
  }
  return LockAccounts(db, accounts.checked);
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

// What earns by these members need, in one statement: the ladder in force (a row per level and
// member), each member's tier and qualifying points in the ladder's window ending with its
// earn's month (WindowStartMonth), its unpaid referral, and the bonus program in force. Not
// locked: the members' account rows, locked already, serialise their earns; the ladder and
// program are read as committed.
void ReadEarners(Connection& db, const std::map<std::string, int>& month_of_member,
                 LedgerSnapshot& snapshot) {
  if (month_of_member.empty()) return;
  // The earners' ids are validated ASCII, but JsonRows escapes them all the same.
  JsonRows earners_json;
  for (const auto& [member_id, month] : month_of_member) earners_json.Add(member_id, month);
  sql::PreparedStatement& read = db.Prepare(
      "SELECT m.member_id AS earner, t.window_months, l.tier_id AS level_tier_id,"
      " l.qualifying_points AS level_points, mt.tier_rank, mt.tier_id,"
      " (SELECT COALESCE(SUM(q.points), 0) FROM member_qualifying q WHERE q.member_id = m.member_id"
      "  AND q.month >= m.month - t.window_months + 1) AS qualifying,"
      " r.referrer_member_id, b.referral_bonus_points, b.referral_min_points"
      " FROM JSON_TABLE(?, '$[*]' COLUMNS (member_id VARCHAR(64) PATH '$[0]',"
      "  month INT PATH '$[1]')) m"
      " LEFT JOIN tier_ladders t ON t.version = (SELECT MAX(version) FROM tier_ladders)"
      " LEFT JOIN tier_levels l ON l.version = t.version"
      " LEFT JOIN member_tiers mt ON mt.member_id = m.member_id"
      " LEFT JOIN referrals r ON r.referred_member_id = m.member_id AND r.paid_sequence IS NULL"
      " LEFT JOIN bonus_programs b ON b.version = (SELECT MAX(version) FROM bonus_programs)"
      " ORDER BY m.member_id, l.tier_rank");
  read.setString(1, earners_json.Json());
  v1::TierLadder ladder;
  std::map<std::string, EarnerState> earners;
  std::set<std::string> tiered;
  std::string first_earner;
  for (auto rows = Query(read); rows->next();) {
    const std::string member_id = GetString(*rows, "earner");
    if (first_earner.empty()) first_earner = member_id;
    EarnerState& earner = earners[member_id];
    // The ladder's rows repeat for each member: take them from the first.
    if (member_id == first_earner && !rows->isNull("level_tier_id")) {
      ladder.set_window_months(rows->getInt("window_months"));
      v1::TierLevel& level = *ladder.add_levels();
      level.set_tier_id(GetString(*rows, "level_tier_id"));
      level.set_qualifying_points(rows->getInt64("level_points"));
    }
    if (!rows->isNull("tier_rank")) {
      tiered.insert(member_id);
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
  // Keyed as the drafts spell them (the column compares without case).
  for (const auto& [member_id, month] : month_of_member) {
    auto it = earners.find(member_id);
    if (it == earners.end()) {
      for (auto& [found, state] : earners) {
        if (absl::EqualsIgnoreCase(found, member_id)) it = earners.find(found);
      }
    }
    EarnerState earner = it != earners.end() ? it->second : EarnerState{};
    if (it == earners.end() || !tiered.contains(it->first)) {
      earner.tier_id = snapshot.ladder.levels(0).tier_id();
    }
    snapshot.earners[member_id] = std::move(earner);
  }
}

}  // namespace

std::optional<int64_t> LedgerSnapshotReader::ContraAccountId(Connection& db,
                                                             const AccountKey& account) {
  {
    absl::MutexLock lock(&mu_);
    if (auto it = known_contra_accounts_.find(account); it != known_contra_accounts_.end()) {
      return it->second;
    }
  }
  sql::PreparedStatement& find =
      db.Prepare("SELECT account_id FROM accounts WHERE kind = ? AND owner_id = ?");
  find.setInt(1, account.first);
  find.setString(2, account.second);
  auto rows = Query(find);
  if (!rows->next()) return std::nullopt;
  const int64_t account_id = rows->getInt64("account_id");
  absl::MutexLock lock(&mu_);
  if (known_contra_accounts_.size() >= kMaxKnownContraAccounts) known_contra_accounts_.clear();
  known_contra_accounts_[account] = account_id;
  return account_id;
}

void LedgerSnapshotReader::Lock(Connection& db, std::span<const PostingDraft* const> drafts) {
  OpenAndLock(db, AccountsToLockOf(drafts));
}

LedgerSnapshot LedgerSnapshotReader::Read(Connection& db,
                                          std::span<const PostingDraft* const> drafts,
                                          bool lots_given) {
  LedgerSnapshot snapshot;
  std::map<AccountKey, int64_t> lot_points;  // what the debits take from each account's lots
  for (const PostingDraft* draft : drafts) {
    for (const v1::Leg& leg : draft->posting.legs()) {
      const AccountKey key = KeyOf(leg.account());
      if (!IsNonNegative(key.first)) {
        if (!snapshot.contra.contains(key)) {
          if (std::optional<int64_t> id = ContraAccountId(db, key)) snapshot.contra[key] = *id;
        }
      } else if (leg.points() < 0 && KeepsLots(key.first) && !lots_given) {
        lot_points[key] -= leg.points();
      }
    }
  }
  for (auto& [key, account] : OpenAndLock(db, AccountsToLockOf(drafts))) {
    if (account.frozen && key.first == v1::MEMBER) account.closed = MemberClosed(db, key.second);
    if (key.first == v1::PARTNER_PREPAID) account.low_water_points = LowWaterPoints(db, key.second);
    if (auto it = lot_points.find(key); it != lot_points.end()) {
      account.lots = lots::ReadSoonestExpiring(db, account.account_id, it->second);
    }
    snapshot.checked.emplace(key, std::move(account));
  }
  std::map<std::string, int> month_of_earner;  // the month of its first earn in the drafts
  for (const PostingDraft* draft : drafts) {
    if (draft->posting.type() != v1::EARN && draft->posting.type() != v1::CONFIRM) continue;
    for (const v1::Leg& leg : draft->posting.legs()) {
      if (leg.account().kind() != v1::MEMBER || leg.points() <= 0) continue;
      month_of_earner.try_emplace(
          leg.account().owner_id(),
          MonthIndex(absl::FromUnixMicros(ProtoTimeToMicros(draft->posting.occur_time()))));
    }
  }
  ReadEarners(db, month_of_earner, snapshot);
  return snapshot;
}

}  // namespace coalition::account
