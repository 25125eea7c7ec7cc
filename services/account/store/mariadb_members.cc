// MariaDbPartyStore: members (declared in mariadb_party_store.h). Personal data is sealed on the
// way in and opened on the way out (member_pii.h); nothing else here sees it in plaintext.
#include <optional>

#include "absl/strings/str_cat.h"
#include "services/account/member_pii.h"
#include "services/account/store/mariadb_party_store.h"
#include "services/account/store/sql_enums.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/mariadb/request_claims.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

absl::StatusOr<v1::Member> MemberFromRow(sql::ResultSet& row, const PiiKeyring& keyring) {
  v1::Member member;
  member.set_member_id(GetString(row, "member_id"));
  member.set_enrolled_by_partner_id(GetString(row, "enrolled_by_partner_id"));
  *member.mutable_enroll_time() = MicrosToProtoTime(row.getInt64("enroll_time_us"));
  if (!row.isNull("card_number")) member.set_card_number(GetString(row, "card_number"));
  member.set_state(row.getBoolean("frozen") ? v1::Member::SUSPENDED : v1::Member::ACTIVE);
  if (!row.isNull("corporate_id")) member.set_corporate_id(GetString(row, "corporate_id"));
  if (!row.isNull("referrer_member_id")) {
    member.set_referred_by_member_id(GetString(row, "referrer_member_id"));
  }
  if (!row.isNull("close_time_us")) {
    *member.mutable_close_time() = MicrosToProtoTime(row.getInt64("close_time_us"));
    member.set_state(v1::Member::CLOSED);
  }
  if (!row.isNull("merged_into_member_id")) {
    member.set_merged_into_member_id(GetString(row, "merged_into_member_id"));
    member.set_state(v1::Member::MERGED);
  }
  if (!row.isNull("erase_time_us")) {
    *member.mutable_erase_time() = MicrosToProtoTime(row.getInt64("erase_time_us"));
  } else if (!row.isNull("pii_key_id")) {
    RETURN_IF_ERROR(
        OpenPii(keyring, {GetString(row, "pii_key_id"), GetString(row, "pii_sealed")}, member));
  } else {  // enrolled before personal data was sealed, and not re-sealed yet
    member.set_display_name(GetString(row, "display_name"));
    member.set_email(GetString(row, "email"));
  }
  return member;
}

// The member_id the query (by card or external id) finds, if any.
std::optional<std::string> MemberWith(Connection& db, const std::string& sql,
                                      const std::vector<std::string>& values) {
  sql::PreparedStatement& find = db.Prepare(sql);
  for (size_t i = 0; i < values.size(); ++i) {
    find.setString(static_cast<unsigned int>(i + 1), values[i]);
  }
  auto rows = Query(find);
  if (!rows->next()) return std::nullopt;
  return GetString(*rows, "member_id");
}

constexpr char kByCard[] = "SELECT member_id FROM members WHERE card_number = ?";
constexpr char kByExternalId[] =
    "SELECT member_id FROM member_external_ids WHERE partner_id = ? AND external_id = ?";

// ALREADY_EXISTS when the card number or the partner's external id is another member's.
absl::Status RefuseTakenIdentifiers(Connection& db, const v1::Member& member,
                                    const std::string& external_id) {
  if (MemberWith(db, kByCard, {member.card_number()})) {
    return absl::AlreadyExistsError(
        absl::StrCat("card_number: card '", member.card_number(), "' belongs to another member"));
  }
  if (!external_id.empty() &&
      MemberWith(db, kByExternalId, {member.enrolled_by_partner_id(), external_id})) {
    return absl::AlreadyExistsError(
        absl::StrCat("external_id: partner '", member.enrolled_by_partner_id(),
                     "' already has a member with external id '", external_id, "'"));
  }
  return absl::OkStatus();
}

absl::Status CheckPartner(Connection& db, const std::string& partner_id) {
  sql::PreparedStatement& find = db.Prepare("SELECT 1 FROM partners WHERE partner_id = ?");
  find.setString(1, partner_id);
  if (!Query(find)->next()) {
    return absl::NotFoundError(absl::StrCat("partner_id: no partner '", partner_id, "'"));
  }
  return absl::OkStatus();
}

// Takes the member's row lock (the MEMBER account's, which the ledger takes too).
absl::Status LockMember(Connection& db, const std::string& member_id) {
  sql::PreparedStatement& lock =
      db.Prepare("SELECT 1 FROM accounts WHERE kind = " SQL_MEMBER " AND owner_id = ? FOR UPDATE");
  lock.setString(1, member_id);
  if (!Query(lock)->next()) {
    return absl::NotFoundError(absl::StrCat("member_id: no member '", member_id, "'"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Member> ReadMemberIn(Connection& db, const PiiKeyring& keyring,
                                        const std::string& member_id, absl::string_view field) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT m.member_id, m.display_name, m.email, m.enrolled_by_partner_id, m.enroll_time_us,"
      " m.close_time_us, m.merged_into_member_id, m.card_number, m.erase_time_us, m.pii_key_id,"
      " m.pii_sealed, m.corporate_id, a.frozen, r.referrer_member_id FROM members m"
      " LEFT JOIN referrals r ON r.referred_member_id = m.member_id"
      " JOIN accounts a ON a.kind = " SQL_MEMBER
      " AND a.owner_id = m.member_id WHERE m.member_id = ?");
  read.setString(1, member_id);
  auto rows = Query(read);
  if (!rows->next()) {
    return absl::NotFoundError(absl::StrCat(field, ": no member '", member_id, "'"));
  }
  return MemberFromRow(*rows, keyring);
}

void RecordStateChangeIn(Connection& db, const RequestKey& key, const std::string& member_id,
                         v1::Member::State state, const std::string& reason, absl::Time now) {
  sql::PreparedStatement& record = db.Prepare(
      "INSERT INTO member_state_changes (member_id, state, reason, change_time_us, caller,"
      " request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)");
  record.setString(1, member_id);
  record.setInt(2, state);
  record.setString(3, reason);
  record.setInt64(4, absl::ToUnixMicros(now));
  mariadb::BindRequestKey(record, 5, key);
  record.executeUpdate();
}

absl::StatusOr<v1::Member> ChangeMemberOnce(
    mariadb::ConnectionPool& pool, const PiiKeyring& keyring, const std::string& table,
    const RequestKey& key, const std::function<absl::StatusOr<v1::Member>(Connection&)>& change) {
  v1::Member result;
  // The key is claimed first: a copy of this request waits on the claim, then gets this answer,
  // never a refusal of its own because this one already changed the member.
  absl::Status status = mariadb::InClaimedTransactionAfterEarlier(
      pool, key,
      [&](Connection& db) -> absl::StatusOr<bool> {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mariadb::EarlierRequestId(db, table, "member_id", key));
        if (!earlier) return false;
        ASSIGN_OR_RETURN(result, ReadMemberIn(db, keyring, *earlier));
        return true;
      },
      [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(result, change(db));
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return result;
}

absl::Status RefuseIfEnded(const v1::Member& member, absl::string_view field) {
  if (member.state() != v1::Member::CLOSED && member.state() != v1::Member::MERGED) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      field, ": member '", member.member_id(), "' is ", v1::Member::State_Name(member.state()),
      member.state() == v1::Member::MERGED
          ? absl::StrCat(" into '", member.merged_into_member_id(), "'")
          : ""));
}

absl::StatusOr<v1::Member> MariaDbPartyStore::EnrollMember(const RequestKey& key,
                                                           const v1::Member& member,
                                                           const std::string& external_id) {
  v1::Member result;
  absl::Status status =
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mariadb::EarlierRequestId(db, "members", "member_id", key));
        if (earlier) {
          ASSIGN_OR_RETURN(result, ReadMemberIn(db, keyring_, *earlier));
          return absl::OkStatus();
        }
        if (!member.enrolled_by_partner_id().empty()) {
          RETURN_IF_ERROR(CheckPartner(db, member.enrolled_by_partner_id()));
        }
        RETURN_IF_ERROR(RefuseTakenIdentifiers(db, member, external_id));
        ASSIGN_OR_RETURN(const SealedPii sealed, SealPii(keyring_, member));
        sql::PreparedStatement& insert = db.Prepare(
            "INSERT INTO members (member_id, display_name, email, enrolled_by_partner_id,"
            " enroll_time_us, card_number, pii_key_id, pii_sealed, caller, request_id,"
            " request_fingerprint) VALUES (?, '', '', ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, member.member_id());
        insert.setString(2, member.enrolled_by_partner_id());
        insert.setInt64(3, ProtoTimeToMicros(member.enroll_time()));
        insert.setString(4, member.card_number());
        insert.setString(5, sealed.key_id);
        insert.setString(6, sealed.sealed);
        mariadb::BindRequestKey(insert, 7, key);
        insert.executeUpdate();
        sql::PreparedStatement& open =
            db.Prepare("INSERT INTO accounts (kind, owner_id, member_id) VALUES (1, ?, ?)");
        open.setString(1, member.member_id());
        open.setString(2, member.member_id());
        open.executeUpdate();
        if (!member.referred_by_member_id().empty()) {
          sql::PreparedStatement& referrer =
              db.Prepare("SELECT 1 FROM accounts WHERE kind = " SQL_MEMBER " AND owner_id = ?");
          referrer.setString(1, member.referred_by_member_id());
          if (!Query(referrer)->next()) {
            return absl::NotFoundError(absl::StrCat("referred_by_member_id: no member '",
                                                    member.referred_by_member_id(), "'"));
          }
          sql::PreparedStatement& refer = db.Prepare(
              "INSERT INTO referrals (referred_member_id, referrer_member_id) VALUES (?, ?)");
          refer.setString(1, member.member_id());
          refer.setString(2, member.referred_by_member_id());
          refer.executeUpdate();
        }
        if (!external_id.empty()) {
          sql::PreparedStatement& link = db.Prepare(
              "INSERT INTO member_external_ids (partner_id, external_id, member_id)"
              " VALUES (?, ?, ?)");
          link.setString(1, member.enrolled_by_partner_id());
          link.setString(2, external_id);
          link.setString(3, member.member_id());
          link.executeUpdate();
        }
        // Read back as a retry reads it, so the first answer and a retry's are the same bytes.
        ASSIGN_OR_RETURN(result, ReadMemberIn(db, keyring_, member.member_id()));
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<v1::Member> MariaDbPartyStore::GetMember(const std::string& member_id) {
  absl::StatusOr<v1::Member> member;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    member = ReadMemberIn(db, keyring_, member_id);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return member;
}

absl::StatusOr<std::string> MariaDbPartyStore::FindMemberId(const std::string& card_number,
                                                            const std::string& partner_id,
                                                            const std::string& external_id) {
  std::optional<std::string> member_id;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    member_id = card_number.empty() ? MemberWith(db, kByExternalId, {partner_id, external_id})
                                    : MemberWith(db, kByCard, {card_number});
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (member_id) return *member_id;
  if (!card_number.empty()) {
    return absl::NotFoundError(absl::StrCat("card_number: no member has card '", card_number, "'"));
  }
  return absl::NotFoundError(absl::StrCat("external_id: partner '", partner_id,
                                          "' has no member with external id '", external_id, "'"));
}

absl::StatusOr<v1::Member> MariaDbPartyStore::SetMemberState(const RequestKey& key,
                                                             const std::string& member_id,
                                                             v1::Member::State state,
                                                             const std::string& reason,
                                                             absl::Time now) {
  return ChangeMemberOnce(
      pool_, keyring_, "member_state_changes", key,
      [&](Connection& db) -> absl::StatusOr<v1::Member> {
        RETURN_IF_ERROR(LockMember(db, member_id));
        ASSIGN_OR_RETURN(const v1::Member current, ReadMemberIn(db, keyring_, member_id));
        RETURN_IF_ERROR(RefuseIfEnded(current));
        if (current.state() == state) {
          return absl::FailedPreconditionError(absl::StrCat(
              "state: member '", member_id, "' is already ", v1::Member::State_Name(state)));
        }
        sql::PreparedStatement& update = db.Prepare(
            "UPDATE accounts SET frozen = ? WHERE kind = " SQL_MEMBER " AND owner_id = ?");
        update.setBoolean(1, state == v1::Member::SUSPENDED);
        update.setString(2, member_id);
        update.executeUpdate();
        RecordStateChangeIn(db, key, member_id, state, reason, now);
        return ReadMemberIn(db, keyring_, member_id);
      });
}

absl::StatusOr<v1::Member> MariaDbPartyStore::EraseMember(const RequestKey& key,
                                                          const std::string& member_id,
                                                          const std::string& reason,
                                                          absl::Time now) {
  return ChangeMemberOnce(
      pool_, keyring_, "member_erasures", key, [&](Connection& db) -> absl::StatusOr<v1::Member> {
        RETURN_IF_ERROR(LockMember(db, member_id));
        ASSIGN_OR_RETURN(const v1::Member member, ReadMemberIn(db, keyring_, member_id));
        if (member.state() != v1::Member::CLOSED && member.state() != v1::Member::MERGED) {
          return absl::FailedPreconditionError(absl::StrCat(
              "member_id: member '", member_id, "' is ", v1::Member::State_Name(member.state()),
              ": close or merge it before erasing its personal data"));
        }
        if (member.has_erase_time()) {
          return absl::FailedPreconditionError(
              absl::StrCat("member_id: member '", member_id, "' was erased already"));
        }
        sql::PreparedStatement& erase = db.Prepare(
            "UPDATE members SET display_name = '', email = '', pii_key_id = NULL,"
            " pii_sealed = NULL, card_number = NULL, erase_time_us = ? WHERE member_id = ?");
        erase.setInt64(1, absl::ToUnixMicros(now));
        erase.setString(2, member_id);
        erase.executeUpdate();
        sql::PreparedStatement& unlink =
            db.Prepare("DELETE FROM member_external_ids WHERE member_id = ?");
        unlink.setString(1, member_id);
        unlink.executeUpdate();
        sql::PreparedStatement& record = db.Prepare(
            "INSERT INTO member_erasures (member_id, reason, erase_time_us, caller, request_id,"
            " request_fingerprint) VALUES (?, ?, ?, ?, ?, ?)");
        record.setString(1, member_id);
        record.setString(2, reason);
        record.setInt64(3, absl::ToUnixMicros(now));
        mariadb::BindRequestKey(record, 4, key);
        record.executeUpdate();
        return ReadMemberIn(db, keyring_, member_id);
      });
}

}  // namespace coalition::account
