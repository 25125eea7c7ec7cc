// MariaDbLedgerStore's expiry runs (declared in mariadb_ledger_store.h).
#include <map>

#include "absl/strings/str_cat.h"
#include "services/account/ledger_rules.h"
#include "services/account/store/mariadb_ledger_store.h"
#include "services/account/store/mariadb_lots.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/mariadb/job_runs.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

constexpr absl::string_view kExpiryCaller = "account.expiry-run";

v1::ExpiryRun RunFromRow(sql::ResultSet& row) {
  v1::ExpiryRun run;
  run.set_run_id(std::to_string(row.getInt64("run_id")));
  *run.mutable_as_of() = MicrosToProtoTime(row.getInt64("as_of_us"));
  run.set_complete(row.getBoolean("complete"));
  run.set_members(row.getInt64("members"));
  run.set_postings(row.getInt64("postings"));
  run.set_points(row.getInt64("points"));
  return run;
}

absl::StatusOr<v1::ExpiryRun> ReadRun(Connection& db, int64_t run_id) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT run_id, as_of_us, complete, members, postings, points FROM expiry_runs"
      " WHERE run_id = ?");
  read.setInt64(1, run_id);
  auto rows = Query(read);
  if (!rows->next()) return absl::InternalError(absl::StrCat("expiry run ", run_id, " vanished"));
  return RunFromRow(*rows);
}

// One posting that moves an account's points issued by one partner to breakage.
PostingDraft BreakagePosting(const MariaDbLedgerStore::ToBreakage& what,
                             const std::string& partner_id, int64_t points, absl::Time now) {
  v1::CreatePostingRequest request;
  request.set_request_id(
      absl::StrCat(what.key_prefix, "/", partner_id.empty() ? kOperatorOwner : partner_id));
  request.set_type(what.type);
  request.set_partner_id(partner_id);
  request.set_member_id(what.member_id);
  request.set_reference(what.reference);
  v1::Leg* from = request.add_legs();
  *from->mutable_account() = what.account;
  from->set_points(-points);
  v1::Leg* to = request.add_legs();
  to->mutable_account()->set_kind(v1::OPERATOR_BREAKAGE);
  to->mutable_account()->set_owner_id(std::string(kOperatorOwner));
  to->set_points(points);
  return DraftOf(what.caller, request, now);
}

}  // namespace

absl::StatusOr<MariaDbLedgerStore::Moved> MariaDbLedgerStore::MoveLotsToBreakageIn(
    Connection& db, const ToBreakage& what, absl::Time now) {
  std::map<std::string, std::vector<LotSlice>> by_issuer;
  for (lots::ExpiredLot& expired : lots::ReadExpired(db, what.account_id, what.as_of_us)) {
    by_issuer[expired.issuing_partner_id].push_back(expired.lot);
  }
  Moved moved;
  for (const auto& [partner_id, slices] : by_issuer) {
    int64_t points = 0;
    for (const LotSlice& slice : slices) points += slice.points;
    RETURN_IF_ERROR(AppendIn(db, BreakagePosting(what, partner_id, points, now), &slices).status());
    ++moved.postings;
    moved.points += points;
  }
  lots::DeleteExpired(db, what.account_id, what.as_of_us);
  return moved;
}

absl::StatusOr<v1::ExpiryRun> MariaDbLedgerStore::StartExpiryRun(const RequestKey& key,
                                                                 absl::Time as_of) {
  v1::ExpiryRun run;
  absl::Status status =
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(const int64_t run_id,
                         mariadb::job_runs::FindOrStart(db, "expiry_runs", key, as_of));
        ASSIGN_OR_RETURN(run, ReadRun(db, run_id));
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return run;
}

absl::StatusOr<v1::ExpiryRun> MariaDbLedgerStore::EndExpiryStep(const v1::ExpiryRun& run,
                                                                bool complete) {
  v1::ExpiryRun ended;
  absl::Status status = pool_.InTransaction([&](Connection& db) -> absl::Status {
    if (complete) mariadb::job_runs::MarkComplete(db, "expiry_runs", std::stoll(run.run_id()));
    ASSIGN_OR_RETURN(ended, ReadRun(db, std::stoll(run.run_id())));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return ended;
}

absl::StatusOr<std::vector<std::string>> MariaDbLedgerStore::AccountsWithExpiredPoints(
    absl::Time as_of, int limit) {
  std::vector<std::string> owners;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& find = db.Prepare(
        "SELECT DISTINCT a.owner_id FROM lots l JOIN accounts a ON a.account_id = l.account_id"
        " WHERE l.expire_at_us <= ? AND a.kind IN (?, ?, ?) LIMIT ?");
    find.setInt64(1, absl::ToUnixMicros(as_of));
    find.setInt(2, v1::MEMBER);
    find.setInt(3, v1::HOUSEHOLD);
    find.setInt(4, v1::CORPORATE);
    find.setInt(5, limit);
    for (auto rows = Query(find); rows->next();) owners.push_back(GetString(*rows, "owner_id"));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return owners;
}

absl::Status MariaDbLedgerStore::ExpireAccountPoints(const v1::ExpiryRun& run,
                                                     const std::string& owner_id, absl::Time now) {
  const int64_t as_of_us = ProtoTimeToMicros(run.as_of());
  return pool_.InTransaction([&](Connection& db) -> absl::Status {
    // The account's row lock keeps spends out while its expired lots are read and posted.
    sql::PreparedStatement& lock = db.Prepare(
        "SELECT account_id, kind, COALESCE(member_id, '') AS member_id FROM accounts"
        " WHERE kind IN (?, ?, ?) AND owner_id = ? FOR UPDATE");
    lock.setInt(1, v1::MEMBER);
    lock.setInt(2, v1::HOUSEHOLD);
    lock.setInt(3, v1::CORPORATE);
    lock.setString(4, owner_id);
    auto rows = Query(lock);
    if (!rows->next()) return absl::NotFoundError(NoSuchOwner(v1::MEMBER, owner_id));
    const int64_t account_id = rows->getInt64("account_id");
    v1::AccountRef account;
    account.set_kind(static_cast<v1::AccountKind>(rows->getInt("kind")));
    account.set_owner_id(owner_id);
    // A household's points are posted as its owner's; a company's as no member's.
    const std::string member_id = GetString(*rows, "member_id");

    ToBreakage what{.account_id = account_id,
                    .account = account,
                    .member_id = member_id,
                    .as_of_us = as_of_us,
                    .type = v1::EXPIRE,
                    .caller = std::string(kExpiryCaller),
                    .key_prefix = absl::StrCat("expire/", run.run_id(), "/", owner_id),
                    .reference = absl::StrCat("expiry-run/", run.run_id())};
    ASSIGN_OR_RETURN(const Moved moved, MoveLotsToBreakageIn(db, what, now));
    if (moved.postings == 0) return absl::OkStatus();
    sql::PreparedStatement& count = db.Prepare(
        "UPDATE expiry_runs SET members = members + 1, postings = postings + ?,"
        " points = points + ? WHERE run_id = ?");
    count.setInt64(1, moved.postings);
    count.setInt64(2, moved.points);
    count.setInt64(3, std::stoll(run.run_id()));
    count.executeUpdate();
    return absl::OkStatus();
  });
}

}  // namespace coalition::account
