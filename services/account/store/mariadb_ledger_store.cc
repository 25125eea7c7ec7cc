#include "services/account/store/mariadb_ledger_store.h"

#include <algorithm>
#include <limits>
#include <span>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "services/account/ledger_rules.h"
#include "services/account/posting_rounds.h"
#include "services/account/store/ledger_writer.h"
#include "services/account/store/sql_enums.h"
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

// The posting an earlier request with this key made, if any.
absl::StatusOr<std::optional<v1::Posting>> FindEarlier(Connection& db, const PostingDraft& draft) {
  sql::PreparedStatement& find = db.Prepare(
      "SELECT sequence, request_fingerprint FROM postings WHERE caller = ? AND request_id = ?");
  find.setString(1, draft.key.caller);
  find.setString(2, draft.key.request_id);
  auto rows = Query(find);
  if (!rows->next()) return std::nullopt;
  if (absl::Status same = CheckSameRequest(GetString(*rows, "request_fingerprint"), draft.key);
      !same.ok()) {
    return same;
  }
  const int64_t sequence = rows->getInt64("sequence");
  std::vector<v1::Posting> postings = ReadPostings(db, sequence - 1, sequence);
  if (postings.size() != 1) return absl::InternalError("posting vanished");
  return std::move(postings.front());
}

}  // namespace

absl::StatusOr<v1::Posting> MariaDbLedgerStore::AppendOne(const PostingDraft& draft) {
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

absl::StatusOr<v1::Posting> MariaDbLedgerStore::Append(const PostingDraft& draft) {
  return batcher_.Append(draft);
}

std::vector<absl::StatusOr<v1::Posting>> MariaDbLedgerStore::AppendAll(
    std::span<const PostingDraft> drafts) {
  std::vector<const PostingDraft*> pointers;
  pointers.reserve(drafts.size());
  for (const PostingDraft& draft : drafts) pointers.push_back(&draft);
  return AppendAllOf(pointers);
}

std::vector<absl::StatusOr<v1::Posting>> MariaDbLedgerStore::AppendAllOf(
    std::span<const PostingDraft* const> drafts) {
  std::vector<absl::StatusOr<v1::Posting>> answers;
  if (drafts.size() == 1) {
    answers.push_back(AppendOne(*drafts.front()));
    return answers;
  }
  // A request sent twice in one batch is written once: the first copy runs, its twins get its
  // answer (or ALREADY_EXISTS for other content under the key).
  std::vector<size_t> first_of(drafts.size());
  std::vector<size_t> runners;
  {
    absl::flat_hash_map<std::pair<std::string, std::string>, size_t> first_with_key;
    for (size_t i = 0; i < drafts.size(); ++i) {
      auto [it, inserted] =
          first_with_key.try_emplace({drafts[i]->key.caller, drafts[i]->key.request_id}, i);
      first_of[i] = it->second;
      if (inserted) runners.push_back(i);
    }
  }
  // A member's postings in one batch are planned round after round (posting_rounds.h); many of
  // them (a burst on one member) would make one long transaction holding that member's lock, so
  // a transaction takes at most kMaxRoundsPerTransaction rounds, the next the following ones.
  std::vector<const PostingDraft*> to_run;
  to_run.reserve(runners.size());
  for (const size_t i : runners) to_run.push_back(drafts[i]);
  absl::StatusOr<std::vector<absl::StatusOr<v1::Posting>>> ran =
      std::vector<absl::StatusOr<v1::Posting>>(to_run.size(), absl::InternalError("unanswered"));
  const std::vector<std::vector<size_t>> rounds = SplitIntoRounds(to_run);
  for (size_t first = 0; first < rounds.size() && ran.ok(); first += kMaxRoundsPerTransaction) {
    std::vector<size_t> in_part;  // indices into to_run, in the drafts' order
    for (size_t r = first; r < std::min(rounds.size(), first + kMaxRoundsPerTransaction); ++r) {
      in_part.insert(in_part.end(), rounds[r].begin(), rounds[r].end());
    }
    std::sort(in_part.begin(), in_part.end());
    std::vector<const PostingDraft*> part;
    part.reserve(in_part.size());
    for (const size_t i : in_part) part.push_back(to_run[i]);
    absl::StatusOr<std::vector<absl::StatusOr<v1::Posting>>> answered = AppendBatchIn(part);
    if (!answered.ok()) {
      ran = answered.status();
      break;
    }
    for (size_t j = 0; j < in_part.size(); ++j) (*ran)[in_part[j]] = std::move((*answered)[j]);
  }
  if (!ran.ok() && !absl::IsUnavailable(ran.status())) {
    // The batch as a whole failed (a key colliding without its claim, a statement refused): the
    // halves run on their own, down to single postings with their own fallbacks, so one bad
    // posting fails alone. (Without a database every posting gets that answer, below.)
    const size_t half = drafts.size() / 2;
    answers = AppendAllOf(drafts.subspan(0, half));
    for (absl::StatusOr<v1::Posting>& answer : AppendAllOf(drafts.subspan(half))) {
      answers.push_back(std::move(answer));
    }
    return answers;
  }
  std::vector<absl::StatusOr<v1::Posting>> by_index(drafts.size(),
                                                    absl::InternalError("unanswered"));
  if (!ran.ok()) by_index.assign(drafts.size(), ran.status());
  for (size_t r = 0; ran.ok() && r < runners.size(); ++r) by_index[runners[r]] = std::move((*ran)[r]);
  for (size_t i = 0; i < drafts.size(); ++i) {
    if (first_of[i] == i) continue;
    if (absl::Status same = CheckSameRequest(drafts[first_of[i]]->key.fingerprint, drafts[i]->key);
        !same.ok()) {
      by_index[i] = same;
    } else {
      by_index[i] = by_index[first_of[i]];
    }
  }
  return by_index;
}

absl::StatusOr<std::vector<absl::StatusOr<v1::Posting>>> MariaDbLedgerStore::AppendBatchIn(
    std::span<const PostingDraft* const> drafts) {
  std::vector<RequestKey> keys;
  keys.reserve(drafts.size());
  for (const PostingDraft* draft : drafts) keys.push_back(draft->key);
  std::vector<absl::StatusOr<v1::Posting>> answers;
  const absl::Status status = pool_.InTransaction([&](Connection& db) -> absl::Status {
    // A deadlock re-runs this from the start: nothing is kept from an earlier attempt.
    answers.assign(drafts.size(), absl::InternalError("unanswered"));
    // The keys are claimed before any balance is read: a copy of a request in another batch
    // waits on its claim and then replays this batch's posting (request_claims.h).
    const std::vector<std::optional<absl::Status>> claimed = mariadb::ClaimAllIn(db, keys);
    std::vector<const PostingDraft*> ours;
    std::vector<size_t> index_of_ours;
    for (size_t i = 0; i < drafts.size(); ++i) {
      if (!claimed[i].has_value()) {
        ours.push_back(drafts[i]);
        index_of_ours.push_back(i);
      } else if (!claimed[i]->ok()) {
        answers[i] = *claimed[i];
      } else {
        ASSIGN_OR_RETURN(std::optional<v1::Posting> earlier, FindEarlier(db, *drafts[i]));
        answers[i] = earlier ? absl::StatusOr<v1::Posting>(*std::move(earlier))
                             : absl::InternalError("a claimed posting vanished");
      }
    }
    std::vector<RequestKey> refused;
    const std::vector<std::vector<size_t>> rounds = SplitIntoRounds(ours);
    // A later round must not lock an account out of (kind, owner) order after an earlier round's
    // locks: with more than one round, every round's accounts are locked first, in one pass in
    // lock order (the rounds' own reads then find them held). Locking is all that pass is for:
    // each round reads its own snapshot after the rounds before it wrote, and the plain reads a
    // snapshot adds to its locks (lots, earners, low water) lock nothing at READ COMMITTED.
    if (rounds.size() > 1) snapshots_.Lock(db, ours);
    for (const std::vector<size_t>& round : rounds) {
      std::vector<const PostingDraft*> round_drafts;
      round_drafts.reserve(round.size());
      for (const size_t i : round) round_drafts.push_back(ours[i]);
      PostingPlanner planner(policy_, snapshots_.Read(db, round_drafts));
      std::vector<PostingPlan> plans;
      std::vector<size_t> planned;
      std::vector<FollowUp> follow_ups;
      for (const size_t i : round) {
        absl::StatusOr<PostingPlan> plan = planner.Plan(*ours[i]);
        if (!plan.ok()) {
          // Refused alone: its neighbours are planned on, as if it had never come.
          answers[index_of_ours[i]] = plan.status();
          refused.push_back(ours[i]->key);
          continue;
        }
        for (FollowUp& more : plan->follow_ups) follow_ups.push_back(std::move(more));
        plans.push_back(*std::move(plan));
        planned.push_back(i);
      }
      ASSIGN_OR_RETURN(std::vector<v1::Posting> posted, ApplyPlans(db, plans));
      for (size_t p = 0; p < planned.size(); ++p) {
        answers[index_of_ours[planned[p]]] = std::move(posted[p]);
      }
      RETURN_IF_ERROR(AppendFollowUpsIn(db, std::move(follow_ups)));
    }
    // A refusal keeps nothing, its claim included: the key may post later. A key posted before
    // claims existed is refused or collides now: that posting is its answer (only refusals pay
    // for the look-up).
    for (size_t i = 0; i < drafts.size(); ++i) {
      if (answers[i].ok() || claimed[i].has_value()) continue;
      ASSIGN_OR_RETURN(std::optional<v1::Posting> earlier, FindEarlier(db, *drafts[i]));
      if (earlier) answers[i] = *std::move(earlier);
    }
    mariadb::ReleaseClaimsIn(db, refused);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return answers;
}

absl::StatusOr<v1::Posting> MariaDbLedgerStore::AppendIn(Connection& db, const PostingDraft& draft,
                                                         const std::vector<LotSlice>* taken_lots) {
  // Read under the checked accounts' row locks, plan, write. Every refusal comes from the plan,
  // before the posting row takes a sequence number, so refused requests leave no gap for
  // followers to wait on.
  const PostingDraft* const drafts[] = {&draft};
  PostingPlanner planner(policy_, snapshots_.Read(db, drafts, taken_lots != nullptr));
  ASSIGN_OR_RETURN(PostingPlan plan, planner.Plan(draft, taken_lots));
  ASSIGN_OR_RETURN(std::vector<v1::Posting> posted,
                   ApplyPlans(db, std::span<const PostingPlan>(&plan, 1)));
  RETURN_IF_ERROR(AppendFollowUpsIn(db, std::move(plan.follow_ups)));
  return std::move(posted.front());
}

absl::Status MariaDbLedgerStore::AppendFollowUpsIn(Connection& db,
                                                   std::vector<FollowUp> follow_ups) {
  // A follow-up (a referral bonus) causes none of its own; the bound keeps a rule that did from
  // looping.
  for (int round = 0; !follow_ups.empty(); ++round) {
    if (round == kMaxFollowUpRounds) return absl::InternalError("follow-ups keep causing more");
    std::vector<const PostingDraft*> drafts;
    for (const FollowUp& follow_up : follow_ups) drafts.push_back(&follow_up.draft);
    PostingPlanner planner(policy_, snapshots_.Read(db, drafts));
    std::vector<PostingPlan> plans;
    std::vector<FollowUp> next;
    for (const FollowUp& follow_up : follow_ups) {
      ASSIGN_OR_RETURN(PostingPlan plan, planner.Plan(follow_up));
      for (FollowUp& more : plan.follow_ups) next.push_back(std::move(more));
      plans.push_back(std::move(plan));
    }
    RETURN_IF_ERROR(ApplyPlans(db, plans).status());
    follow_ups = std::move(next);
  }
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
    sql::PreparedStatement& read =
        db.Prepare("SELECT (SELECT balance FROM accounts WHERE kind = " SQL_MEMBER
                   " AND owner_id = ?) AS available,"
                   " (SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE member_id = ? AND kind "
                   "= " SQL_MEMBER_HOLD
                   ") AS held, (SELECT balance FROM accounts WHERE kind = " SQL_MEMBER_PENDING
                   " AND owner_id = ?) AS pending");
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
