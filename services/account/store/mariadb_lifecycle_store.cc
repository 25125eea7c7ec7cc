#include "services/account/store/mariadb_lifecycle_store.h"

#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "services/account/expiry_policy.h"
#include "services/account/store/mariadb_party_store.h"
#include "services/account/store/member_summary_versions.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

constexpr absl::string_view kLifecycleCaller = "account.lifecycle";

// Locks the members' MEMBER accounts in the ledger's order and returns their account ids by
// member id; NOT_FOUND names the field of the first one missing.
absl::StatusOr<std::map<std::string, int64_t>> LockMembers(
    Connection& db, const std::vector<std::pair<std::string, std::string>>& field_and_member) {
  std::string sql = "SELECT account_id, owner_id FROM accounts WHERE kind = ? AND owner_id IN (";
  for (size_t i = 0; i < field_and_member.size(); ++i) absl::StrAppend(&sql, i ? ", ?" : "?");
  absl::StrAppend(&sql, ") ORDER BY owner_id FOR UPDATE");
  sql::PreparedStatement& lock = db.Prepare(sql);
  lock.setInt(1, v1::MEMBER);
  unsigned int column = 2;
  for (const auto& [field, member_id] : field_and_member) lock.setString(column++, member_id);
  std::map<std::string, int64_t> ids;
  for (auto rows = Query(lock); rows->next();) {
    ids[GetString(*rows, "owner_id")] = rows->getInt64("account_id");
  }
  for (const auto& [field, member_id] : field_and_member) {
    if (!ids.contains(member_id)) {
      return absl::NotFoundError(absl::StrCat(field, ": no member '", member_id, "'"));
    }
  }
  return ids;
}

// FAILED_PRECONDITION while the member has points in open holds or is in a household: those
// must be settled first, or points would be left without an owner.
absl::Status RefuseIfBusy(Connection& db, absl::string_view field, const std::string& member_id) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT (SELECT COALESCE(SUM(balance), 0) FROM accounts WHERE member_id = ? AND kind = ?)"
      " AS held, (SELECT household_id FROM household_members WHERE member_id = ?) AS household");
  read.setString(1, member_id);
  read.setInt(2, v1::MEMBER_HOLD);
  read.setString(3, member_id);
  auto rows = Query(read);
  rows->next();
  if (const int64_t held = rows->getInt64("held"); held > 0) {
    return absl::FailedPreconditionError(absl::StrCat(field, ": member '", member_id, "' has ",
                                                      held,
                                                      " points in open holds: capture or void "
                                                      "them first"));
  }
  if (!rows->isNull("household")) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": member '", member_id, "' is in household '",
                     GetString(*rows, "household"), "': it must leave it first"));
  }
  return absl::OkStatus();
}

void EndMember(Connection& db, const std::string& member_id, const std::string& merged_into,
               absl::Time now) {
  sql::PreparedStatement& freeze =
      db.Prepare("UPDATE accounts SET frozen = TRUE WHERE kind = ? AND owner_id = ?");
  freeze.setInt(1, v1::MEMBER);
  freeze.setString(2, member_id);
  freeze.executeUpdate();
  sql::PreparedStatement& end = db.Prepare(
      "UPDATE members SET close_time_us = ?, merged_into_member_id = NULLIF(?, '')"
      " WHERE member_id = ?");
  end.setInt64(1, absl::ToUnixMicros(now));
  end.setString(2, merged_into);
  end.setString(3, member_id);
  end.executeUpdate();
}

}  // namespace

absl::StatusOr<v1::Member> MariaDbLifecycleStore::Close(const RequestKey& key,
                                                        const std::string& member_id,
                                                        const std::string& reason, absl::Time now) {
  // A retry answers with the member as it is now: closed and merged are final.
  return ChangeMemberOnce(
      pool_, keyring_, "member_state_changes", key,
      [&](Connection& db) -> absl::StatusOr<v1::Member> {
        ASSIGN_OR_RETURN(auto accounts, LockMembers(db, {{"member_id", member_id}}));
        ASSIGN_OR_RETURN(const v1::Member member, ReadMemberIn(db, keyring_, member_id));
        RETURN_IF_ERROR(RefuseIfEnded(member));
        RETURN_IF_ERROR(RefuseIfBusy(db, "member_id", member_id));
        v1::AccountRef account;
        account.set_kind(v1::MEMBER);
        account.set_owner_id(member_id);
        MariaDbLedgerStore::ToBreakage forfeit{.account_id = accounts.at(member_id),
                                               .account = account,
                                               .member_id = member_id,
                                               .as_of_us = ExpiryPolicy::kNeverUs,
                                               .type = v1::FORFEIT,
                                               .caller = std::string(kLifecycleCaller),
                                               .key_prefix = absl::StrCat("close/", member_id),
                                               .reference = "account-closed"};
        RETURN_IF_ERROR(ledger_.MoveLotsToBreakageIn(db, forfeit, now).status());
        EndMember(db, member_id, /*merged_into=*/"", now);
        RecordStateChangeIn(db, key, member_id, v1::Member::CLOSED, reason, now);
        return ReadMemberIn(db, keyring_, member_id);
      });
}

absl::StatusOr<v1::Member> MariaDbLifecycleStore::Merge(const RequestKey& key,
                                                        const std::string& source_member_id,
                                                        const std::string& target_member_id,
                                                        const std::string& reason, absl::Time now) {
  // A retry answers with the member as it is now: closed and merged are final.
  return ChangeMemberOnce(
      pool_, keyring_, "member_state_changes", key,
      [&](Connection& db) -> absl::StatusOr<v1::Member> {
        RETURN_IF_ERROR(LockMembers(db, {{"source_member_id", source_member_id},
                                         {"target_member_id", target_member_id}})
                            .status());
        ASSIGN_OR_RETURN(const v1::Member source, ReadMemberIn(db, keyring_, source_member_id));
        RETURN_IF_ERROR(RefuseIfEnded(source, "source_member_id"));
        ASSIGN_OR_RETURN(const v1::Member target, ReadMemberIn(db, keyring_, target_member_id));
        RETURN_IF_ERROR(RefuseIfEnded(target, "target_member_id"));
        RETURN_IF_ERROR(RefuseIfBusy(db, "source_member_id", source_member_id));

        sql::PreparedStatement& read =
            db.Prepare("SELECT balance FROM accounts WHERE kind = ? AND owner_id = ?");
        read.setInt(1, v1::MEMBER);
        read.setString(2, source_member_id);
        auto rows = Query(read);
        rows->next();
        if (const int64_t points = rows->getInt64("balance"); points > 0) {
          v1::CreatePostingRequest move;
          move.set_request_id(absl::StrCat("merge/", source_member_id));
          move.set_type(v1::MERGE);
          move.set_member_id(target_member_id);
          move.set_reference(source_member_id);
          for (const auto& [owner, leg_points] :
               {std::pair{source_member_id, -points}, std::pair{target_member_id, points}}) {
            v1::Leg* leg = move.add_legs();
            leg->mutable_account()->set_kind(v1::MEMBER);
            leg->mutable_account()->set_owner_id(owner);
            leg->set_points(leg_points);
          }
          RETURN_IF_ERROR(
              ledger_.AppendIn(db, DraftOf(kLifecycleCaller, move, now), nullptr).status());
        }
        tiers_.MergeQualifyingIn(db, source_member_id, target_member_id, now);
        // The source's history, and that of members merged into it before, is the target's now.
        sql::PreparedStatement& repoint =
            db.Prepare("UPDATE accounts SET member_id = ? WHERE kind = ? AND member_id = ?");
        repoint.setString(1, target_member_id);
        repoint.setInt(2, v1::MEMBER);
        repoint.setString(3, source_member_id);
        repoint.executeUpdate();
        summary_versions::Bump(db, {source_member_id, target_member_id});
        EndMember(db, source_member_id, target_member_id, now);
        RecordStateChangeIn(db, key, source_member_id, v1::Member::MERGED, reason, now);
        return ReadMemberIn(db, keyring_, source_member_id);
      });
}

}  // namespace coalition::account
