#include "services/account/mariadb_party_store.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

constexpr char kMemberColumns[] =
    "member_id, display_name, email, enrolled_by_partner_id, enroll_time_us";
constexpr char kPartnerColumns[] =
    "partner_seq, partner_id, display_name, currency, earn_points, earn_per_amount_minor,"
    " issuance_amount_minor, issuance_per_points, reimbursement_amount_minor,"
    " reimbursement_per_points, create_time_us";

v1::Member MemberFromRow(sql::ResultSet& row) {
  v1::Member member;
  member.set_member_id(GetString(row, "member_id"));
  member.set_display_name(GetString(row, "display_name"));
  member.set_email(GetString(row, "email"));
  member.set_enrolled_by_partner_id(GetString(row, "enrolled_by_partner_id"));
  *member.mutable_enroll_time() = MicrosToProtoTime(row.getInt64("enroll_time_us"));
  member.set_state(row.getBoolean("frozen") ? v1::Member::SUSPENDED : v1::Member::ACTIVE);
  if (!row.isNull("close_time_us")) {
    *member.mutable_close_time() = MicrosToProtoTime(row.getInt64("close_time_us"));
    member.set_state(v1::Member::CLOSED);
  }
  if (!row.isNull("merged_into_member_id")) {
    member.set_merged_into_member_id(GetString(row, "merged_into_member_id"));
    member.set_state(v1::Member::MERGED);
  }
  return member;
}

admin::v1::Partner PartnerFromRow(sql::ResultSet& row) {
  admin::v1::Partner partner;
  partner.set_partner_id(GetString(row, "partner_id"));
  partner.set_display_name(GetString(row, "display_name"));
  partner.set_currency(GetString(row, "currency"));
  partner.mutable_earn_rate()->set_points(row.getInt64("earn_points"));
  partner.mutable_earn_rate()->set_per_amount_minor(row.getInt64("earn_per_amount_minor"));
  partner.mutable_issuance_price()->set_amount_minor(row.getInt64("issuance_amount_minor"));
  partner.mutable_issuance_price()->set_per_points(row.getInt64("issuance_per_points"));
  partner.mutable_reimbursement_price()->set_amount_minor(
      row.getInt64("reimbursement_amount_minor"));
  partner.mutable_reimbursement_price()->set_per_points(row.getInt64("reimbursement_per_points"));
  *partner.mutable_create_time() = MicrosToProtoTime(row.getInt64("create_time_us"));
  return partner;
}

absl::StatusOr<admin::v1::Partner> ReadPartner(Connection& db, const std::string& partner_id) {
  sql::PreparedStatement& read =
      db.Prepare(absl::StrCat("SELECT ", kPartnerColumns, " FROM partners WHERE partner_id = ?"));
  read.setString(1, partner_id);
  auto rows = Query(read);
  if (!rows->next()) {
    return absl::NotFoundError(absl::StrCat("partner_id: no partner '", partner_id, "'"));
  }
  return PartnerFromRow(*rows);
}

void OpenAccount(Connection& db, v1::AccountKind kind, const std::string& owner_id,
                 const std::string& member_id) {
  sql::PreparedStatement& open =
      db.Prepare("INSERT INTO accounts (kind, owner_id, member_id) VALUES (?, ?, NULLIF(?, ''))");
  open.setInt(1, kind);
  open.setString(2, owner_id);
  open.setString(3, member_id);
  open.executeUpdate();
}

}  // namespace

absl::StatusOr<v1::Member> ReadMemberIn(Connection& db, const std::string& member_id,
                                        absl::string_view field) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT m.member_id, m.display_name, m.email, m.enrolled_by_partner_id, m.enroll_time_us,"
      " m.close_time_us, m.merged_into_member_id, a.frozen FROM members m"
      " JOIN accounts a ON a.kind = 1 AND a.owner_id = m.member_id WHERE m.member_id = ?");
  read.setString(1, member_id);
  auto rows = Query(read);
  if (!rows->next()) {
    return absl::NotFoundError(absl::StrCat(field, ": no member '", member_id, "'"));
  }
  return MemberFromRow(*rows);
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
  record.setString(5, key.caller);
  record.setString(6, key.request_id);
  record.setString(7, key.fingerprint);
  record.executeUpdate();
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
                                                           const v1::Member& member) {
  v1::Member result;
  absl::Status status =
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mariadb::EarlierRequestId(db, "members", "member_id", key));
        if (earlier) {
          ASSIGN_OR_RETURN(result, ReadMemberIn(db, *earlier));
          return absl::OkStatus();
        }
        if (!member.enrolled_by_partner_id().empty()) {
          RETURN_IF_ERROR(ReadPartner(db, member.enrolled_by_partner_id()).status());
        }
        sql::PreparedStatement& insert = db.Prepare(absl::StrCat(
            "INSERT INTO members (", kMemberColumns,
            ", caller, request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        insert.setString(1, member.member_id());
        insert.setString(2, member.display_name());
        insert.setString(3, member.email());
        insert.setString(4, member.enrolled_by_partner_id());
        insert.setInt64(5, ProtoTimeToMicros(member.enroll_time()));
        insert.setString(6, key.caller);
        insert.setString(7, key.request_id);
        insert.setString(8, key.fingerprint);
        insert.executeUpdate();
        OpenAccount(db, v1::MEMBER, member.member_id(), member.member_id());
        result = member;
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<v1::Member> MariaDbPartyStore::GetMember(const std::string& member_id) {
  absl::StatusOr<v1::Member> member;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    member = ReadMemberIn(db, member_id);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return member;
}

absl::StatusOr<v1::Member> MariaDbPartyStore::SetMemberState(const RequestKey& key,
                                                             const std::string& member_id,
                                                             v1::Member::State state,
                                                             const std::string& reason,
                                                             absl::Time now) {
  v1::Member result;
  absl::Status status =
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mariadb::EarlierRequestId(db, "member_state_changes", "member_id", key));
        if (earlier) {
          ASSIGN_OR_RETURN(result, ReadMemberIn(db, *earlier));
          return absl::OkStatus();
        }
        sql::PreparedStatement& lock =
            db.Prepare("SELECT frozen FROM accounts WHERE kind = 1 AND owner_id = ? FOR UPDATE");
        lock.setString(1, member_id);
        auto rows = Query(lock);
        if (!rows->next()) {
          return absl::NotFoundError(absl::StrCat("member_id: no member '", member_id, "'"));
        }
        ASSIGN_OR_RETURN(const v1::Member current, ReadMemberIn(db, member_id));
        RETURN_IF_ERROR(RefuseIfEnded(current));
        const bool frozen = state == v1::Member::SUSPENDED;
        if (rows->getBoolean("frozen") == frozen) {
          return absl::FailedPreconditionError(absl::StrCat(
              "state: member '", member_id, "' is already ", v1::Member::State_Name(state)));
        }
        sql::PreparedStatement& update =
            db.Prepare("UPDATE accounts SET frozen = ? WHERE kind = 1 AND owner_id = ?");
        update.setBoolean(1, frozen);
        update.setString(2, member_id);
        update.executeUpdate();
        RecordStateChangeIn(db, key, member_id, state, reason, now);
        ASSIGN_OR_RETURN(result, ReadMemberIn(db, member_id));
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<admin::v1::Partner> MariaDbPartyStore::CreatePartner(
    const RequestKey& key, const admin::v1::Partner& partner) {
  admin::v1::Partner result;
  absl::Status status =
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mariadb::EarlierRequestId(db, "partners", "partner_id", key));
        if (earlier) {
          ASSIGN_OR_RETURN(result, ReadPartner(db, *earlier));
          return absl::OkStatus();
        }
        if (ReadPartner(db, partner.partner_id()).ok()) {
          return absl::AlreadyExistsError(absl::StrCat("partner.partner_id: partner '",
                                                       partner.partner_id(), "' already exists"));
        }
        sql::PreparedStatement& insert = db.Prepare(
            "INSERT INTO partners (partner_id, display_name, currency, earn_points,"
            " earn_per_amount_minor, issuance_amount_minor, issuance_per_points,"
            " reimbursement_amount_minor, reimbursement_per_points, create_time_us, caller,"
            " request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, partner.partner_id());
        insert.setString(2, partner.display_name());
        insert.setString(3, partner.currency());
        insert.setInt64(4, partner.earn_rate().points());
        insert.setInt64(5, partner.earn_rate().per_amount_minor());
        insert.setInt64(6, partner.issuance_price().amount_minor());
        insert.setInt64(7, partner.issuance_price().per_points());
        insert.setInt64(8, partner.reimbursement_price().amount_minor());
        insert.setInt64(9, partner.reimbursement_price().per_points());
        insert.setInt64(10, ProtoTimeToMicros(partner.create_time()));
        insert.setString(11, key.caller);
        insert.setString(12, key.request_id);
        insert.setString(13, key.fingerprint);
        insert.executeUpdate();
        OpenAccount(db, v1::PARTNER_ISSUED, partner.partner_id(), "");
        OpenAccount(db, v1::PARTNER_REDEEMED, partner.partner_id(), "");
        result = partner;
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<admin::v1::Partner> MariaDbPartyStore::GetPartner(const std::string& partner_id) {
  absl::StatusOr<admin::v1::Partner> partner;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    partner = ReadPartner(db, partner_id);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return partner;
}

absl::StatusOr<PartyStore::PartnerPage> MariaDbPartyStore::ListPartners(
    std::optional<int64_t> cursor, int limit) {
  PartnerPage page;
  absl::Status status = pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& list = db.Prepare(
        absl::StrCat("SELECT ", kPartnerColumns,
                     " FROM partners WHERE partner_seq > ? ORDER BY partner_seq LIMIT ?"));
    list.setInt64(1, cursor.value_or(0));
    list.setInt(2, limit + 1);
    int64_t last_seq = 0;
    for (auto rows = Query(list); rows->next();) {
      if (static_cast<int>(page.partners.size()) == limit) {
        page.next_cursor = last_seq;
        break;
      }
      page.partners.push_back(PartnerFromRow(*rows));
      last_seq = rows->getInt64("partner_seq");
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return page;
}

}  // namespace coalition::account
