#include "services/account/store/mariadb_member_event_store.h"

#include "absl/strings/str_cat.h"
#include "services/account/ledger_rules.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

absl::StatusOr<int64_t> MemberAccountId(Connection& db, const std::string& member_id) {
  sql::PreparedStatement& find =
      db.Prepare("SELECT account_id FROM accounts WHERE kind = ? AND owner_id = ?");
  find.setInt(1, v1::MEMBER);
  find.setString(2, member_id);
  auto rows = Query(find);
  if (!rows->next()) return absl::NotFoundError(NoSuchOwner(v1::MEMBER, member_id));
  return rows->getInt64("account_id");
}

void ReadPostings(Connection& db, int64_t account_id, EventCursor& cursor, int limit,
                  std::vector<CursoredEvent>& events) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT e.sequence, p.type, e.points, p.partner_id, p.reference, p.occur_time_us"
      " FROM entries e JOIN postings p ON p.sequence = e.sequence"
      " WHERE e.account_id = ? AND e.sequence > ? ORDER BY e.sequence LIMIT ?");
  read.setInt64(1, account_id);
  read.setInt64(2, cursor.sequence);
  read.setInt(3, limit);
  for (auto rows = Query(read); rows->next();) {
    CursoredEvent& next = events.emplace_back();
    v1::Transaction& transaction = *next.event.mutable_transaction();
    transaction.set_sequence(rows->getInt64("sequence"));
    transaction.set_type(static_cast<v1::PostingType>(rows->getInt("type")));
    transaction.set_points(rows->getInt64("points"));
    transaction.set_partner_id(GetString(*rows, "partner_id"));
    transaction.set_reference(GetString(*rows, "reference"));
    *transaction.mutable_occur_time() = MicrosToProtoTime(rows->getInt64("occur_time_us"));
    next.event.set_kind(transaction.type() == v1::CONFIRM ? v1::MemberEvent::PENDING_CONFIRMED
                        : transaction.points() > 0        ? v1::MemberEvent::POINTS_ADDED
                                                          : v1::MemberEvent::POINTS_DEDUCTED);
    *next.event.mutable_event_time() = transaction.occur_time();
    cursor.sequence = transaction.sequence();
    next.after = cursor;
  }
}

void ReadTierChanges(Connection& db, const std::string& member_id, EventCursor& cursor, int limit,
                     std::vector<CursoredEvent>& events) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT change_id, from_tier_id, to_tier_id, reason, qualifying_points, change_time_us"
      " FROM tier_changes WHERE member_id = ? AND change_id > ? ORDER BY change_id LIMIT ?");
  read.setString(1, member_id);
  read.setInt64(2, cursor.tier_change_id);
  read.setInt(3, limit);
  for (auto rows = Query(read); rows->next();) {
    CursoredEvent& next = events.emplace_back();
    v1::TierChange& change = *next.event.mutable_tier_change();
    change.set_from_tier_id(GetString(*rows, "from_tier_id"));
    change.set_to_tier_id(GetString(*rows, "to_tier_id"));
    change.set_reason(static_cast<v1::TierChange::Reason>(rows->getInt("reason")));
    change.set_qualifying_points(rows->getInt64("qualifying_points"));
    *change.mutable_change_time() = MicrosToProtoTime(rows->getInt64("change_time_us"));
    next.event.set_kind(v1::MemberEvent::TIER_CHANGED);
    *next.event.mutable_event_time() = change.change_time();
    cursor.tier_change_id = rows->getInt64("change_id");
    next.after = cursor;
  }
}

void ReadExpiring(Connection& db, int64_t account_id, absl::Time until, EventCursor& cursor,
                  int limit, std::vector<CursoredEvent>& events) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT expire_at_us, SUM(points) AS points FROM lots WHERE account_id = ?"
      " AND expire_at_us > ? AND expire_at_us <= ? GROUP BY expire_at_us"
      " ORDER BY expire_at_us LIMIT ?");
  read.setInt64(1, account_id);
  read.setInt64(2, cursor.announced_expiry_us);
  read.setInt64(3, absl::ToUnixMicros(until));
  read.setInt(4, limit);
  for (auto rows = Query(read); rows->next();) {
    CursoredEvent& next = events.emplace_back();
    v1::ExpiringPoints& expiring = *next.event.mutable_expiring();
    expiring.set_points(rows->getInt64("points"));
    *expiring.mutable_expire_time() = MicrosToProtoTime(rows->getInt64("expire_at_us"));
    next.event.set_kind(v1::MemberEvent::POINTS_EXPIRING);
    *next.event.mutable_event_time() = expiring.expire_time();
    cursor.announced_expiry_us = rows->getInt64("expire_at_us");
    next.after = cursor;
  }
}

}  // namespace

absl::StatusOr<EventCursor> MariaDbMemberEventStore::Latest(const std::string& member_id) {
  EventCursor latest;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    ASSIGN_OR_RETURN(const int64_t account_id, MemberAccountId(db, member_id));
    sql::PreparedStatement& read = db.Prepare(
        "SELECT (SELECT COALESCE(MAX(sequence), 0) FROM entries WHERE account_id = ?) AS seq,"
        " (SELECT COALESCE(MAX(change_id), 0) FROM tier_changes WHERE member_id = ?) AS tier");
    read.setInt64(1, account_id);
    read.setString(2, member_id);
    auto rows = Query(read);
    rows->next();
    latest.sequence = rows->getInt64("seq");
    latest.tier_change_id = rows->getInt64("tier");
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return latest;
}

absl::StatusOr<std::vector<CursoredEvent>> MariaDbMemberEventStore::Read(
    const std::string& member_id, const EventCursor& after, absl::Time expiring_until, int limit) {
  std::vector<CursoredEvent> events;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    ASSIGN_OR_RETURN(const int64_t account_id, MemberAccountId(db, member_id));
    EventCursor cursor = after;
    ReadPostings(db, account_id, cursor, limit, events);
    const auto room = [&] { return limit - static_cast<int>(events.size()); };
    if (room() > 0) ReadTierChanges(db, member_id, cursor, room(), events);
    if (room() > 0) ReadExpiring(db, account_id, expiring_until, cursor, room(), events);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return events;
}

}  // namespace coalition::account
