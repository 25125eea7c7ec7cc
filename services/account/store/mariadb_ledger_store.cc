#include "services/account/store/mariadb_ledger_store.h"

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "services/account/bonuses.h"
#include "services/account/ledger_rules.h"
#include "services/account/store/mariadb_lots.h"
#include "services/common/check.h"
#include "services/common/mariadb/request_claims.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

int64_t SumOfLegs(const v1::Posting& posting) {
  int64_t sum = 0;
  for (const v1::Leg& leg : posting.legs()) sum += leg.points();
  return sum;
}

// Postings with after < sequence <= last, in order, with their legs.
std::vector<v1::Posting> ReadPostings(Connection& db, int64_t after, int64_t last) {
  std::vector<v1::Posting> postings;
  absl::flat_hash_map<int64_t, size_t> index;
  sql::PreparedStatement& heads = db.Prepare(
      "SELECT sequence, type, partner_id, member_id, reference, occur_time_us FROM postings"
      " WHERE sequence > ? AND sequence <= ? ORDER BY sequence");
  heads.setInt64(1, after);
  heads.setInt64(2, last);
  for (auto rows = Query(heads); rows->next();) {
    v1::Posting& posting = postings.emplace_back();
    posting.set_sequence(rows->getInt64("sequence"));
    posting.set_type(static_cast<v1::PostingType>(rows->getInt("type")));
    posting.set_partner_id(GetString(*rows, "partner_id"));
    posting.set_member_id(GetString(*rows, "member_id"));
    posting.set_reference(GetString(*rows, "reference"));
    *posting.mutable_occur_time() = MicrosToProtoTime(rows->getInt64("occur_time_us"));
    index[posting.sequence()] = postings.size() - 1;
  }
  if (postings.empty()) return postings;
  sql::PreparedStatement& legs = db.Prepare(
      // Entries drive the join whatever the table statistics say: a range of a few thousand
      // entries, each finding its account by primary key.
      "SELECT STRAIGHT_JOIN e.sequence, a.kind, a.owner_id, e.points FROM entries e"
      " JOIN accounts a ON a.account_id = e.account_id"
      " WHERE e.sequence > ? AND e.sequence <= ? ORDER BY e.sequence, e.leg");
  legs.setInt64(1, after);
  legs.setInt64(2, postings.back().sequence());
  for (auto rows = Query(legs); rows->next();) {
    auto it = index.find(rows->getInt64("sequence"));
    if (it == index.end()) continue;  // committed after the heads were read
    v1::Leg& leg = *postings[it->second].add_legs();
    leg.mutable_account()->set_kind(static_cast<v1::AccountKind>(rows->getInt("kind")));
    leg.mutable_account()->set_owner_id(GetString(*rows, "owner_id"));
    leg.set_points(rows->getInt64("points"));
  }
  for (const v1::Posting& posting : postings) {
    COALITION_CHECK(SumOfLegs(posting) == 0, "a stored posting does not balance");
  }
  return postings;
}

absl::StatusOr<int64_t> FindAccount(Connection& db, v1::AccountKind kind,
                                    const std::string& owner_id) {
  sql::PreparedStatement& find =
      db.Prepare("SELECT account_id FROM accounts WHERE kind = ? AND owner_id = ?");
  find.setInt(1, kind);
  find.setString(2, owner_id);
  auto rows = Query(find);
  if (!rows->next()) {
    return absl::NotFoundError(NoSuchOwner(kind, owner_id));
  }
  return rows->getInt64("account_id");
}

// A member's hold and pending accounts are opened by the posting that first credits them.
bool OpensOnFirstCredit(const v1::Leg& leg) {
  return (leg.account().kind() == v1::MEMBER_HOLD || leg.account().kind() == v1::MEMBER_PENDING) &&
         leg.points() > 0;
}

// Opens the leg's hold or pending account for the posting's member, if that member exists.
void OpenMemberSubAccount(Connection& db, const v1::Leg& leg, const std::string& member_id) {
  sql::PreparedStatement& open = db.Prepare(
      "INSERT INTO accounts (kind, owner_id, member_id) SELECT ?, ?, m.owner_id FROM accounts m"
      " WHERE m.kind = ? AND m.owner_id = ? ON DUPLICATE KEY UPDATE"
      " accounts.member_id = accounts.member_id");
  open.setInt(1, leg.account().kind());
  open.setString(2, leg.account().owner_id());
  open.setInt(3, v1::MEMBER);
  open.setString(4, member_id);
  open.executeUpdate();
}

// Why a checked update changed nothing: the account is missing, frozen, not the spender's, or
// would go below zero.
absl::Status RefusedLeg(Connection& db, const v1::Leg& leg, const std::string& member_id) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT a.balance, a.frozen, a.member_id, m.close_time_us FROM accounts a"
      " LEFT JOIN members m ON a.kind = 1 AND m.member_id = a.owner_id"
      " WHERE a.kind = ? AND a.owner_id = ?");
  read.setInt(1, leg.account().kind());
  read.setString(2, leg.account().owner_id());
  auto rows = Query(read);
  const std::string& owner = leg.account().owner_id();
  if (!rows->next()) {
    // A hold credited but never opened: its member does not exist.
    // A hold or pending account credited but never opened: its member does not exist.
    return absl::NotFoundError(OpensOnFirstCredit(leg) ? NoSuchOwner(v1::MEMBER, member_id)
                                                       : NoSuchOwner(leg.account().kind(), owner));
  }
  const int64_t balance = rows->getInt64("balance");
  if (rows->getBoolean("frozen") && leg.account().kind() == v1::MEMBER &&
      leg.points() + balance >= 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "member_id: member '", owner, "' is ",
        rows->isNull("close_time_us") ? "suspended" : "closed", ": no earning or spending"));
  }
  switch (leg.account().kind()) {
    case v1::PARTNER_PREPAID:
      return absl::FailedPreconditionError(absl::StrCat(
          "partner_id: pre-paid partner '", owner, "' has ", balance,
          " points left in its block, the posting needs ", -leg.points(), ": buy a block first"));
    case v1::MEMBER_HOLD:
      return absl::FailedPreconditionError(
          absl::StrCat("hold '", owner, "' holds ", balance, " points, the posting needs ",
                       -leg.points(), " (already captured or voided?)"));
    case v1::HOUSEHOLD:
      if (GetString(*rows, "member_id") != member_id) {
        return absl::PermissionDeniedError(
            absl::StrCat("member_id: member '", member_id, "' is not the owner of household '",
                         owner, "': only the owner may spend its pooled points"));
      }
      return absl::FailedPreconditionError(
          absl::StrCat("insufficient points: household '", owner, "' has ", balance,
                       " pooled, the posting needs ", -leg.points()));
    default:
      return absl::FailedPreconditionError(
          absl::StrCat("insufficient points: member '", owner, "' has ", balance,
                       " available, the posting needs ", -leg.points()));
  }
}

// Applies the legs on member-owned accounts with checked updates, in (kind, owner) order so that
// two postings always lock balance rows in the same order and never deadlock.
absl::Status ApplyCheckedBalances(Connection& db, const PostingDraft& draft) {
  std::vector<const v1::Leg*> checked;
  for (const v1::Leg& leg : draft.posting.legs()) {
    if (IsNonNegative(leg.account().kind())) checked.push_back(&leg);
  }
  std::sort(checked.begin(), checked.end(), [](const v1::Leg* a, const v1::Leg* b) {
    return std::forward_as_tuple(a->account().kind(), a->account().owner_id()) <
           std::forward_as_tuple(b->account().kind(), b->account().owner_id());
  });
  // A suspended member's account is frozen to earns and spends, not to closing its holds. A
  // household's pool is spent only by its owner (the account's member_id).
  const bool member_acts = CountsAsActivity(draft.posting.type());
  sql::PreparedStatement& update = db.Prepare(
      "UPDATE accounts SET balance = balance + ? WHERE kind = ? AND owner_id = ?"
      " AND balance + ? >= 0 AND NOT (frozen AND ?) AND (NOT ? OR member_id = ?)");
  for (const v1::Leg* leg : checked) {
    if (OpensOnFirstCredit(*leg)) OpenMemberSubAccount(db, *leg, draft.posting.member_id());
    update.setInt64(1, leg->points());
    update.setInt(2, leg->account().kind());
    update.setString(3, leg->account().owner_id());
    update.setInt64(4, leg->points());
    update.setBoolean(5, member_acts);
    update.setBoolean(6, leg->account().kind() == v1::HOUSEHOLD && leg->points() < 0);
    update.setString(7, draft.posting.member_id());
    if (update.executeUpdate() != 1) return RefusedLeg(db, *leg, draft.posting.member_id());
  }
  return absl::OkStatus();
}

// Records an alert when this draw took a pre-paid partner's block from at or above its low-water
// mark to below it: once per crossing, not on every accrual below it.
void AlertIfBelowLowWater(Connection& db, const v1::Leg& leg, int64_t sequence,
                          const google::protobuf::Timestamp& at) {
  sql::PreparedStatement& insert = db.Prepare(
      "INSERT INTO partner_alerts (partner_id, kind, prepaid_points, low_water_points,"
      " posting_sequence, alert_time_us)"
      " SELECT p.partner_id, 'prepaid low water', a.balance, p.low_water_points, ?, ?"
      " FROM partners p JOIN accounts a ON a.kind = ? AND a.owner_id = p.partner_id"
      " WHERE p.partner_id = ? AND a.balance < p.low_water_points"
      " AND a.balance - ? >= p.low_water_points");
  insert.setInt64(1, sequence);
  insert.setInt64(2, ProtoTimeToMicros(at));
  insert.setInt(3, v1::PARTNER_PREPAID);
  insert.setString(4, leg.account().owner_id());
  insert.setInt64(5, leg.points());
  insert.executeUpdate();
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
  insert.setString(6, draft.key.caller);
  insert.setString(7, draft.key.request_id);
  insert.setString(8, draft.key.fingerprint);
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

using AccountIds = absl::flat_hash_map<std::pair<int, std::string>, int64_t>;

// The ids of the posting's member-owned accounts, which exist by now.
AccountIds MemberOwnedAccountIds(Connection& db, const v1::Posting& posting) {
  std::vector<const v1::Leg*> legs;
  for (const v1::Leg& leg : posting.legs()) {
    if (KeepsLots(leg.account().kind())) legs.push_back(&leg);
  }
  std::string sql = "SELECT account_id, kind, owner_id FROM accounts WHERE ";
  for (size_t i = 0; i < legs.size(); ++i) {
    absl::StrAppend(&sql, i == 0 ? "" : " OR ", "(kind = ? AND owner_id = ?)");
  }
  sql::PreparedStatement& find = db.Prepare(sql);
  unsigned int column = 1;
  for (const v1::Leg* leg : legs) {
    find.setInt(column++, leg->account().kind());
    find.setString(column++, leg->account().owner_id());
  }
  AccountIds ids;
  for (auto rows = Query(find); rows->next();) {
    ids[{rows->getInt("kind"), GetString(*rows, "owner_id")}] = rows->getInt64("account_id");
  }
  COALITION_CHECK(ids.size() == legs.size(), "a posted account vanished");
  return ids;
}

// The posting an earlier request with this key made, if any.
absl::StatusOr<std::optional<v1::Posting>> FindEarlier(Connection& db, const PostingDraft& draft) {
  sql::PreparedStatement& find = db.Prepare(
      "SELECT sequence, request_fingerprint FROM postings WHERE caller = ? AND request_id = ?");
  find.setString(1, draft.key.caller);
  find.setString(2, draft.key.request_id);
  auto rows = Query(find);
  if (!rows->next()) return std::nullopt;
  if (GetString(*rows, "request_fingerprint") != draft.key.fingerprint) {
    return RequestIdReused(draft.key);
  }
  const int64_t sequence = rows->getInt64("sequence");
  std::vector<v1::Posting> postings = ReadPostings(db, sequence - 1, sequence);
  if (postings.size() != 1) return absl::InternalError("posting vanished");
  return std::move(postings.front());
}

}  // namespace

absl::Status MariaDbLedgerStore::CheckContraAccount(Connection& db, v1::AccountKind kind,
                                                    const std::string& owner_id) {
  {
    absl::MutexLock lock(&mu_);
    if (known_contra_accounts_.contains({kind, owner_id})) return absl::OkStatus();
  }
  RETURN_IF_ERROR(FindAccount(db, kind, owner_id).status());
  absl::MutexLock lock(&mu_);
  if (known_contra_accounts_.size() >= kMaxKnownContraAccounts) known_contra_accounts_.clear();
  known_contra_accounts_.insert({kind, owner_id});
  return absl::OkStatus();
}

absl::StatusOr<v1::Posting> MariaDbLedgerStore::Append(const PostingDraft& draft) {
  v1::Posting result;
  // The key is claimed before any balance is checked: a copy of this request waits on the claim,
  // then gets this posting, never a refusal of its own because this one spent the points.
  const absl::Status status = mariadb::InClaimedTransaction(
      pool_, draft.key,
      [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<v1::Posting> earlier, FindEarlier(db, draft));
        if (!earlier) return absl::InternalError("a claimed posting vanished");
        result = *std::move(earlier);
        return absl::OkStatus();
      },
      [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(result, AppendIn(db, draft, nullptr));
        return absl::OkStatus();
      });
  if (status.ok()) return result;
  // A posting made under this key without a claim (before the claims' migration, or by an older
  // instance during an upgrade) refuses a repeat or collides with it: that posting is the answer.
  // Only refusals pay for this look-up.
  if (absl::IsFailedPrecondition(status) || absl::IsAlreadyExists(status)) {
    std::optional<v1::Posting> earlier;
    RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
      ASSIGN_OR_RETURN(earlier, FindEarlier(db, draft));
      return absl::OkStatus();
    }));
    if (earlier) return *std::move(earlier);
  }
  return status;
}

absl::StatusOr<v1::Posting> MariaDbLedgerStore::AppendIn(Connection& db, const PostingDraft& draft,
                                                         const std::vector<LotSlice>* taken_lots) {
  COALITION_CHECK(SumOfLegs(draft.posting) == 0, "a posting must balance before it is written");
  // Every refusal comes before the posting row takes a sequence number, so refused requests
  // leave no gap for followers to wait on.
  for (const v1::Leg& leg : draft.posting.legs()) {
    if (!IsNonNegative(leg.account().kind())) {
      RETURN_IF_ERROR(CheckContraAccount(db, leg.account().kind(), leg.account().owner_id()));
    }
  }
  RETURN_IF_ERROR(ApplyCheckedBalances(db, draft));
  const int64_t sequence = InsertPosting(db, draft);
  InsertEntries(db, sequence, draft.posting);
  MoveLots(db, sequence, draft.posting, taken_lots);
  for (const v1::Leg& leg : draft.posting.legs()) {
    if (leg.account().kind() == v1::PARTNER_PREPAID && leg.points() < 0) {
      AlertIfBelowLowWater(db, leg, sequence, draft.posting.occur_time());
    }
  }
  // Qualifying points count when they become the member's to spend; so does a referral.
  if (draft.posting.type() == v1::EARN || draft.posting.type() == v1::CONFIRM) {
    for (const v1::Leg& leg : draft.posting.legs()) {
      if (leg.account().kind() == v1::MEMBER && leg.points() > 0) {
        const absl::Time at = absl::FromUnixMicros(ProtoTimeToMicros(draft.posting.occur_time()));
        tiers_.RecordEarnIn(db, leg.account().owner_id(), leg.points(), at);
        RETURN_IF_ERROR(PayReferralIn(db, leg.account().owner_id(), leg.points(), at));
      }
    }
  }
  v1::Posting posted = draft.posting;
  posted.set_sequence(sequence);
  return posted;
}

void MariaDbLedgerStore::MoveLots(Connection& db, int64_t sequence, const v1::Posting& posting,
                                  const std::vector<LotSlice>* taken_lots) {
  const int64_t new_lot_expiry =
      policy_.ExpiryOfPointsEarnedAt(absl::FromUnixMicros(ProtoTimeToMicros(posting.occur_time())));
  const bool takes_lots = std::any_of(
      posting.legs().begin(), posting.legs().end(),
      [](const v1::Leg& leg) { return leg.points() < 0 && KeepsLots(leg.account().kind()); });
  if (!takes_lots) {
    // Points from outside the members' accounts (an earn): a new lot, no moves to record.
    for (const v1::Leg& leg : posting.legs()) {
      if (leg.points() > 0 && KeepsLots(leg.account().kind())) {
        lots::AddNew(db, leg.account().kind(), leg.account().owner_id(),
                     {sequence, new_lot_expiry, leg.points()});
      }
    }
  } else {
    const AccountIds ids = MemberOwnedAccountIds(db, posting);
    std::vector<LotSlice> taken;
    std::map<std::pair<int64_t, int64_t>, int64_t> moves;  // (account, origin) -> points
    for (const v1::Leg& leg : posting.legs()) {
      if (leg.points() >= 0 || !KeepsLots(leg.account().kind())) continue;
      const int64_t account_id = ids.at({leg.account().kind(), leg.account().owner_id()});
      const std::vector<LotSlice> slices =
          taken_lots != nullptr ? *taken_lots
                                : lots::TakeSoonestExpiring(db, account_id, -leg.points());
      for (const LotSlice& slice : slices) {
        moves[{account_id, slice.origin_sequence}] -= slice.points;
        taken.push_back(slice);
      }
    }
    for (const LotCredit& credit : AllocateCredits(std::move(taken), posting)) {
      const v1::Leg& leg = posting.legs(credit.leg);
      const int64_t account_id = ids.at({leg.account().kind(), leg.account().owner_id()});
      lots::Add(db, account_id, credit.moved);
      for (const LotSlice& slice : credit.moved) {
        moves[{account_id, slice.origin_sequence}] += slice.points;
      }
      if (credit.new_lot_points > 0) {
        lots::AddNew(db, leg.account().kind(), leg.account().owner_id(),
                     {sequence, new_lot_expiry, credit.new_lot_points});
      }
    }
    std::vector<lots::Move> rows;
    for (const auto& [key, points] : moves) {
      if (points != 0) rows.push_back({key.first, key.second, points});
    }
    lots::RecordMoves(db, sequence, rows);
  }
  if (policy_.ExtendsOnActivity() && CountsAsActivity(posting.type())) {
    for (const v1::Leg& leg : posting.legs()) {
      if (leg.account().kind() == v1::MEMBER) {
        lots::ExtendAll(db, leg.account().owner_id(), new_lot_expiry);
      }
    }
  }
}

absl::Status MariaDbLedgerStore::PayReferralIn(Connection& db, const std::string& member_id,
                                               int64_t points, absl::Time now) {
  sql::PreparedStatement& find = db.Prepare(
      "SELECT referrer_member_id FROM referrals WHERE referred_member_id = ?"
      " AND paid_sequence IS NULL");
  find.setString(1, member_id);
  auto rows = Query(find);
  if (!rows->next()) return absl::OkStatus();  // not referred, or paid already
  const std::string referrer = GetString(*rows, "referrer_member_id");
  const v1::BonusProgram program = bonuses_.CurrentIn(db);
  if (program.referral_bonus_points() == 0 || points < program.referral_min_points()) {
    return absl::OkStatus();  // not a qualifying purchase: a later one may be
  }
  const v1::CreatePostingRequest bonus =
      BonusPosting(absl::StrCat("referral-bonus/", member_id), referrer,
                   program.referral_bonus_points(), absl::StrCat("referral/", member_id));
  ASSIGN_OR_RETURN(const v1::Posting paid,
                   AppendIn(db, DraftOf("account.bonus", bonus, now), nullptr));
  // The member's row lock, held by this transaction, makes the check and this update atomic.
  sql::PreparedStatement& mark = db.Prepare(
      "UPDATE referrals SET paid_sequence = ? WHERE referred_member_id = ?"
      " AND paid_sequence IS NULL");
  mark.setInt64(1, paid.sequence());
  mark.setString(2, member_id);
  COALITION_CHECK(mark.executeUpdate() == 1, "a referral was paid twice");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Posting>> MariaDbLedgerStore::ListAfter(int64_t after_sequence,
                                                                       int limit,
                                                                       absl::Duration settle_time) {
  std::vector<v1::Posting> postings;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    // Which sequence numbers are readable: stop at the first gap younger than settle_time.
    sql::PreparedStatement& scan = db.Prepare(
        "SELECT sequence, TIMESTAMPDIFF(MICROSECOND, recorded_at, NOW(6)) AS age_us"
        " FROM postings WHERE sequence > ? ORDER BY sequence LIMIT ?");
    scan.setInt64(1, after_sequence);
    scan.setInt(2, limit);
    int64_t last = after_sequence;
    for (auto rows = Query(scan); rows->next();) {
      const int64_t sequence = rows->getInt64("sequence");
      const bool gap_may_fill =
          sequence != last + 1 && rows->getInt64("age_us") < absl::ToInt64Microseconds(settle_time);
      if (gap_may_fill) break;
      last = sequence;
    }
    if (last > after_sequence) postings = ReadPostings(db, after_sequence, last);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return postings;
}

absl::StatusOr<int64_t> MariaDbLedgerStore::LatestSequence() {
  int64_t latest = 0;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    auto rows = Query(db.Prepare("SELECT COALESCE(MAX(sequence), 0) AS latest FROM postings"));
    rows->next();
    latest = rows->getInt64("latest");
    return absl::OkStatus();
  }));
  return latest;
}

absl::StatusOr<v1::Balance> MariaDbLedgerStore::GetBalance(const std::string& member_id) {
  v1::Balance balance;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& read = db.Prepare(
        "SELECT (SELECT balance FROM accounts WHERE kind = 1 AND owner_id = ?) AS available,"
        " (SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE member_id = ? AND kind = 2)"
        " AS held, (SELECT balance FROM accounts WHERE kind = 8 AND owner_id = ?) AS pending");
    read.setString(1, member_id);
    read.setString(2, member_id);
    read.setString(3, member_id);
    auto rows = Query(read);
    if (!rows->next() || rows->isNull("available")) {
      return absl::NotFoundError(absl::StrCat("member_id: no member '", member_id, "'"));
    }
    balance.set_member_id(member_id);
    balance.set_available_points(rows->getInt64("available"));
    balance.set_held_points(rows->getInt64("held"));
    if (!rows->isNull("pending")) balance.set_pending_points(rows->getInt64("pending"));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return balance;
}

absl::StatusOr<std::vector<v1::Transaction>> MariaDbLedgerStore::ListMemberTransactions(
    const std::string& member_id, std::optional<int64_t> before_sequence, int limit) {
  std::vector<v1::Transaction> transactions;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    ASSIGN_OR_RETURN(int64_t account_id, FindAccount(db, v1::MEMBER, member_id));
    // The member's own entries, and those of members merged into it (their history is its
    // history): a MERGE posting's move of points is replaced by the history of the points moved.
    sql::PreparedStatement& read = db.Prepare(
        "SELECT * FROM ((SELECT e.sequence, p.type, e.points, p.partner_id, p.reference,"
        " p.occur_time_us FROM entries e JOIN postings p ON p.sequence = e.sequence"
        " WHERE e.account_id = ? AND e.sequence < ? AND NOT (p.type = ? AND e.points > 0)"
        " ORDER BY e.sequence DESC LIMIT ?)"
        " UNION ALL (SELECT e.sequence, p.type, e.points, p.partner_id, p.reference,"
        " p.occur_time_us FROM entries e JOIN postings p ON p.sequence = e.sequence"
        " WHERE e.account_id IN (SELECT account_id FROM accounts WHERE kind = ? AND member_id = ?"
        " AND account_id <> ?) AND e.sequence < ? AND p.type <> ?"
        " ORDER BY e.sequence DESC LIMIT ?)) history ORDER BY sequence DESC LIMIT ?");
    const int64_t before = before_sequence.value_or(std::numeric_limits<int64_t>::max());
    read.setInt64(1, account_id);
    read.setInt64(2, before);
    read.setInt(3, v1::MERGE);
    read.setInt(4, limit);
    read.setInt(5, v1::MEMBER);
    read.setString(6, member_id);
    read.setInt64(7, account_id);
    read.setInt64(8, before);
    read.setInt(9, v1::MERGE);
    read.setInt(10, limit);
    read.setInt(11, limit);
    for (auto rows = Query(read); rows->next();) {
      v1::Transaction& transaction = transactions.emplace_back();
      transaction.set_sequence(rows->getInt64("sequence"));
      transaction.set_type(static_cast<v1::PostingType>(rows->getInt("type")));
      transaction.set_points(rows->getInt64("points"));
      transaction.set_partner_id(GetString(*rows, "partner_id"));
      transaction.set_reference(GetString(*rows, "reference"));
      *transaction.mutable_occur_time() = MicrosToProtoTime(rows->getInt64("occur_time_us"));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return transactions;
}

}  // namespace coalition::account
