#include "services/account/store/mariadb_household_store.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "services/account/ledger_rules.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/mariadb/request_claims.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

absl::StatusOr<std::optional<v1::Household>> EarlierAnswer(Connection& db, const RequestKey& key) {
  sql::PreparedStatement& find = db.Prepare(
      "SELECT result, request_fingerprint FROM household_changes"
      " WHERE caller = ? AND request_id = ?");
  find.setString(1, key.caller);
  find.setString(2, key.request_id);
  auto rows = Query(find);
  if (!rows->next()) return std::nullopt;
  RETURN_IF_ERROR(CheckSameRequest(GetString(*rows, "request_fingerprint"), key));
  v1::Household household;
  if (!household.ParseFromString(GetString(*rows, "result"))) {
    return absl::InternalError("a stored household answer does not parse");
  }
  return household;
}

absl::Status LockHousehold(Connection& db, const std::string& household_id) {
  sql::PreparedStatement& lock =
      db.Prepare("SELECT 1 FROM households WHERE household_id = ? FOR UPDATE");
  lock.setString(1, household_id);
  if (!Query(lock)->next()) return absl::NotFoundError(NoSuchOwner(v1::HOUSEHOLD, household_id));
  return absl::OkStatus();
}

// The household the member is in now, if any; NOT_FOUND for an unknown member.
absl::StatusOr<std::optional<std::string>> HouseholdOf(Connection& db, absl::string_view field,
                                                       const std::string& member_id) {
  sql::PreparedStatement& find = db.Prepare(
      "SELECT hm.household_id FROM accounts a LEFT JOIN household_members hm"
      " ON hm.member_id = a.owner_id WHERE a.kind = ? AND a.owner_id = ?");
  find.setInt(1, v1::MEMBER);
  find.setString(2, member_id);
  auto rows = Query(find);
  if (!rows->next()) {
    return absl::NotFoundError(absl::StrCat(field, ": no member '", member_id, "'"));
  }
  if (rows->isNull("household_id")) return std::nullopt;
  return GetString(*rows, "household_id");
}

absl::Status RefuseIfInAHousehold(Connection& db, absl::string_view field,
                                  const std::string& member_id) {
  ASSIGN_OR_RETURN(std::optional<std::string> current, HouseholdOf(db, field, member_id));
  if (!current) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat(field, ": member '", member_id, "' is already in household '", *current, "'"));
}

absl::StatusOr<v1::Household> ReadHousehold(Connection& db, const std::string& household_id) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT h.display_name, h.owner_member_id, h.create_time_us, a.balance FROM households h"
      " JOIN accounts a ON a.kind = ? AND a.owner_id = h.household_id WHERE h.household_id = ?");
  read.setInt(1, v1::HOUSEHOLD);
  read.setString(2, household_id);
  auto rows = Query(read);
  if (!rows->next()) return absl::NotFoundError(NoSuchOwner(v1::HOUSEHOLD, household_id));
  v1::Household household;
  household.set_household_id(household_id);
  household.set_display_name(GetString(*rows, "display_name"));
  household.set_owner_member_id(GetString(*rows, "owner_member_id"));
  *household.mutable_create_time() = MicrosToProtoTime(rows->getInt64("create_time_us"));
  household.set_pooled_points(rows->getInt64("balance"));
  sql::PreparedStatement& members = db.Prepare(
      "SELECT member_id FROM household_members WHERE household_id = ? ORDER BY joined_change_id");
  members.setString(1, household_id);
  for (auto member_rows = Query(members); member_rows->next();) {
    household.add_member_ids(GetString(*member_rows, "member_id"));
  }
  return household;
}

}  // namespace

absl::StatusOr<v1::Household> MariaDbHouseholdStore::Change(const RequestKey& key,
                                                            const std::string& household_id,
                                                            const std::string& member_id,
                                                            Action action, absl::Time now,
                                                            const ChangeFn& change) {
  v1::Household result;
  // The key is claimed first: a copy of this request waits on the claim, then gets this answer,
  // never a refusal of its own because this one already changed the household.
  absl::Status status = mariadb::InClaimedTransactionAfterEarlier(
      pool_, key,
      [&](Connection& db) -> absl::StatusOr<bool> {
        ASSIGN_OR_RETURN(std::optional<v1::Household> earlier, EarlierAnswer(db, key));
        if (earlier) result = *std::move(earlier);
        return earlier.has_value();
      },
      [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(result, change(db));
        sql::PreparedStatement& record = db.Prepare(
            "INSERT INTO household_changes (household_id, member_id, action, change_time_us,"
            " result, caller, request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING change_id");
        record.setString(1, household_id);
        record.setString(2, member_id);
        record.setInt(3, static_cast<int>(action));
        record.setInt64(4, absl::ToUnixMicros(now));
        record.setString(5, result.SerializeAsString());
        mariadb::BindRequestKey(record, 6, key);
        auto inserted = Query(record);
        inserted->next();
        if (action == Action::kLeft) {
          sql::PreparedStatement& leave =
              db.Prepare("DELETE FROM household_members WHERE member_id = ?");
          leave.setString(1, member_id);
          leave.executeUpdate();
        } else {
          sql::PreparedStatement& join = db.Prepare(
              "INSERT INTO household_members (member_id, household_id, joined_change_id)"
              " VALUES (?, ?, ?)");
          join.setString(1, member_id);
          join.setString(2, household_id);
          join.setInt64(3, inserted->getInt64("change_id"));
          join.executeUpdate();
        }
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<v1::Household> MariaDbHouseholdStore::Create(const RequestKey& key,
                                                            const v1::Household& household) {
  const std::string& id = household.household_id();
  const std::string& owner = household.owner_member_id();
  return Change(key, id, owner, Action::kCreated,
                absl::FromUnixMicros(ProtoTimeToMicros(household.create_time())),
                [&](Connection& db) -> absl::StatusOr<v1::Household> {
                  RETURN_IF_ERROR(RefuseIfInAHousehold(db, "owner_member_id", owner));
                  sql::PreparedStatement& insert = db.Prepare(
                      "INSERT INTO households (household_id, display_name, owner_member_id,"
                      " create_time_us) VALUES (?, ?, ?, ?)");
                  insert.setString(1, id);
                  insert.setString(2, household.display_name());
                  insert.setString(3, owner);
                  insert.setInt64(4, ProtoTimeToMicros(household.create_time()));
                  insert.executeUpdate();
                  sql::PreparedStatement& open = db.Prepare(
                      "INSERT INTO accounts (kind, owner_id, member_id) VALUES (?, ?, ?)");
                  open.setInt(1, v1::HOUSEHOLD);
                  open.setString(2, id);
                  open.setString(3, owner);
                  open.executeUpdate();
                  v1::Household created = household;
                  created.add_member_ids(owner);
                  return created;
                });
}

absl::StatusOr<v1::Household> MariaDbHouseholdStore::AddMember(const RequestKey& key,
                                                               const std::string& household_id,
                                                               const std::string& member_id,
                                                               absl::Time now) {
  return Change(key, household_id, member_id, Action::kJoined, now,
                [&](Connection& db) -> absl::StatusOr<v1::Household> {
                  RETURN_IF_ERROR(LockHousehold(db, household_id));
                  RETURN_IF_ERROR(RefuseIfInAHousehold(db, "member_id", member_id));
                  ASSIGN_OR_RETURN(v1::Household household, ReadHousehold(db, household_id));
                  if (household.member_ids_size() >= kMaxHouseholdMembers) {
                    return absl::FailedPreconditionError(
                        absl::StrCat("household_id: household '", household_id, "' is full (",
                                     kMaxHouseholdMembers, " members)"));
                  }
                  household.add_member_ids(member_id);
                  return household;
                });
}

absl::StatusOr<v1::Household> MariaDbHouseholdStore::RemoveMember(const RequestKey& key,
                                                                  const std::string& household_id,
                                                                  const std::string& member_id,
                                                                  absl::Time now) {
  return Change(
      key, household_id, member_id, Action::kLeft, now,
      [&](Connection& db) -> absl::StatusOr<v1::Household> {
        RETURN_IF_ERROR(LockHousehold(db, household_id));
        ASSIGN_OR_RETURN(std::optional<std::string> current,
                         HouseholdOf(db, "member_id", member_id));
        if (current != household_id) {
          return absl::FailedPreconditionError(absl::StrCat(
              "member_id: member '", member_id, "' is not in household '", household_id, "'"));
        }
        ASSIGN_OR_RETURN(v1::Household household, ReadHousehold(db, household_id));
        if (household.owner_member_id() == member_id) {
          return absl::FailedPreconditionError(absl::StrCat("member_id: member '", member_id,
                                                            "' owns household '", household_id,
                                                            "' and cannot leave it"));
        }
        auto* ids = household.mutable_member_ids();
        ids->erase(std::remove(ids->begin(), ids->end(), member_id), ids->end());
        return household;
      });
}

absl::StatusOr<v1::Household> MariaDbHouseholdStore::Get(const std::string& household_id) {
  absl::StatusOr<v1::Household> household;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    household = ReadHousehold(db, household_id);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return household;
}

}  // namespace coalition::account
