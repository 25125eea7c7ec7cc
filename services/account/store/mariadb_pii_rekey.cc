// MariaDbPartyStore: re-sealing members' personal data under the current key (declared in
// mariadb_party_store.h). Each member is one transaction under its row lock, so a run can stop
// anywhere and the next call finds what is left.
#include "absl/strings/str_cat.h"
#include "services/account/store/mariadb_party_store.h"
#include "services/account/member_pii.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/mariadb/job_runs.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

absl::StatusOr<v1::PiiRekeyRun> ReadRun(Connection& db, int64_t run_id, const std::string& key_id) {
  sql::PreparedStatement& read =
      db.Prepare("SELECT complete, members FROM pii_rekey_runs WHERE run_id = ?");
  read.setInt64(1, run_id);
  auto rows = Query(read);
  if (!rows->next())
    return absl::InternalError(absl::StrCat("pii rekey run ", run_id, " vanished"));
  v1::PiiRekeyRun run;
  run.set_run_id(std::to_string(run_id));
  run.set_key_id(key_id);
  run.set_complete(rows->getBoolean("complete"));
  run.set_members(rows->getInt64("members"));
  return run;
}

}  // namespace

absl::StatusOr<v1::PiiRekeyRun> MariaDbPartyStore::StartPiiRekey(const RequestKey& key,
                                                                 absl::Time now) {
  v1::PiiRekeyRun run;
  absl::Status status =
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(const int64_t run_id,
                         mariadb::job_runs::FindOrStart(db, "pii_rekey_runs", key, now));
        ASSIGN_OR_RETURN(run, ReadRun(db, run_id, keyring_.current_key_id()));
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return run;
}

absl::StatusOr<std::vector<std::string>> MariaDbPartyStore::MembersToReseal(int limit) {
  std::vector<std::string> members;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& find = db.Prepare(
        "SELECT member_id FROM members WHERE erase_time_us IS NULL"
        " AND (pii_key_id IS NULL OR pii_key_id <> ?) LIMIT ?");
    find.setString(1, keyring_.current_key_id());
    find.setInt(2, limit);
    for (auto rows = Query(find); rows->next();) members.push_back(GetString(*rows, "member_id"));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return members;
}

absl::Status MariaDbPartyStore::ResealMember(const v1::PiiRekeyRun& run,
                                             const std::string& member_id) {
  return pool_.InTransaction([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& lock =
        db.Prepare("SELECT pii_key_id, erase_time_us FROM members WHERE member_id = ? FOR UPDATE");
    lock.setString(1, member_id);
    auto rows = Query(lock);
    if (!rows->next())
      return absl::NotFoundError(absl::StrCat("member_id: no member '", member_id, "'"));
    const bool done = !rows->isNull("erase_time_us") ||
                      (!rows->isNull("pii_key_id") &&
                       GetString(*rows, "pii_key_id") == keyring_.current_key_id());
    if (done) return absl::OkStatus();  // another run got here first
    ASSIGN_OR_RETURN(const v1::Member member, ReadMemberIn(db, keyring_, member_id));
    ASSIGN_OR_RETURN(const SealedPii sealed, SealPii(keyring_, member));
    sql::PreparedStatement& reseal = db.Prepare(
        "UPDATE members SET display_name = '', email = '', pii_key_id = ?, pii_sealed = ?"
        " WHERE member_id = ?");
    reseal.setString(1, sealed.key_id);
    reseal.setString(2, sealed.sealed);
    reseal.setString(3, member_id);
    reseal.executeUpdate();
    sql::PreparedStatement& count =
        db.Prepare("UPDATE pii_rekey_runs SET members = members + 1 WHERE run_id = ?");
    count.setInt64(1, std::stoll(run.run_id()));
    count.executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::PiiRekeyRun> MariaDbPartyStore::EndPiiRekeyStep(const v1::PiiRekeyRun& run,
                                                                   bool complete) {
  v1::PiiRekeyRun ended;
  absl::Status status = pool_.InTransaction([&](Connection& db) -> absl::Status {
    if (complete) mariadb::job_runs::MarkComplete(db, "pii_rekey_runs", std::stoll(run.run_id()));
    ASSIGN_OR_RETURN(ended, ReadRun(db, std::stoll(run.run_id()), run.key_id()));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return ended;
}

}  // namespace coalition::account
