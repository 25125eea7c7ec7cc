// MariaDbPartyStore: members' consent to partners seeing their personal data, and the
// relationships that let a partner read a member at all (declared in mariadb_party_store.h).
#include "absl/strings/str_cat.h"
#include "services/account/store/mariadb_party_store.h"
#include "services/account/store/sql_enums.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

absl::Status Exists(Connection& db, const char* sql, const std::string& id, const char* field,
                    const char* what) {
  sql::PreparedStatement& find = db.Prepare(sql);
  find.setString(1, id);
  if (Query(find)->next()) return absl::OkStatus();
  return absl::NotFoundError(absl::StrCat(field, ": no ", what, " '", id, "'"));
}

absl::StatusOr<v1::PersonalDataConsent> ConsentById(Connection& db, const std::string& id) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT member_id, partner_id, granted, change_time_us FROM personal_data_consents"
      " WHERE consent_id = ?");
  read.setString(1, id);
  auto row = Query(read);
  if (!row->next()) return absl::InternalError(absl::StrCat("consent ", id, " vanished"));
  v1::PersonalDataConsent consent;
  consent.set_member_id(GetString(*row, "member_id"));
  consent.set_partner_id(GetString(*row, "partner_id"));
  consent.set_granted(row->getBoolean("granted"));
  *consent.mutable_change_time() = MicrosToProtoTime(row->getInt64("change_time_us"));
  return consent;
}

}  // namespace

absl::StatusOr<bool> MariaDbPartyStore::HasRelationship(const std::string& member_id,
                                                        const std::string& partner_id) {
  bool related = false;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    // Points that moved: earned there (EARN = 1), spent there (REDEEM = 2, CAPTURE = 4). A hold
    // that was voided or expired moved nothing, so it makes no relationship: otherwise holding
    // one point and voiding it would open any member to any partner.
    sql::PreparedStatement& find = db.Prepare(
        "SELECT EXISTS (SELECT 1 FROM members WHERE member_id = ? AND enrolled_by_partner_id = ?)"
        " OR EXISTS (SELECT 1 FROM postings WHERE member_id = ? AND partner_id = ?"
        " AND type IN (" SQL_EARN ", " SQL_REDEEM ", " SQL_CAPTURE ")) AS related");
    find.setString(1, member_id);
    find.setString(2, partner_id);
    find.setString(3, member_id);
    find.setString(4, partner_id);
    auto rows = Query(find);
    related = rows->next() && rows->getBoolean("related");
    return absl::OkStatus();
  }));
  return related;
}

absl::StatusOr<bool> MariaDbPartyStore::MaySeePersonalData(const std::string& member_id,
                                                           const std::string& partner_id) {
  bool may = false;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& find = db.Prepare(
        "SELECT EXISTS (SELECT 1 FROM members WHERE member_id = ? AND enrolled_by_partner_id = ?)"
        " OR COALESCE((SELECT granted FROM personal_data_consents WHERE member_id = ?"
        " AND partner_id = ? ORDER BY consent_id DESC LIMIT 1), FALSE) AS may");
    find.setString(1, member_id);
    find.setString(2, partner_id);
    find.setString(3, member_id);
    find.setString(4, partner_id);
    auto rows = Query(find);
    may = rows->next() && rows->getBoolean("may");
    return absl::OkStatus();
  }));
  return may;
}

absl::StatusOr<v1::PersonalDataConsent> MariaDbPartyStore::SetConsent(
    const RequestKey& key, const v1::PersonalDataConsent& consent) {
  v1::PersonalDataConsent result;
  const absl::Status status =
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(
            std::optional<std::string> earlier,
            mariadb::EarlierRequestId(db, "personal_data_consents", "consent_id", key));
        if (earlier) {
          ASSIGN_OR_RETURN(result, ConsentById(db, *earlier));
          return absl::OkStatus();
        }
        RETURN_IF_ERROR(Exists(db, "SELECT 1 FROM members WHERE member_id = ?", consent.member_id(),
                               "member_id", "member"));
        RETURN_IF_ERROR(Exists(db, "SELECT 1 FROM partners WHERE partner_id = ?",
                               consent.partner_id(), "partner_id", "partner"));
        sql::PreparedStatement& insert = db.Prepare(
            "INSERT INTO personal_data_consents (member_id, partner_id, granted, change_time_us,"
            " caller, request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " RETURNING consent_id");
        insert.setString(1, consent.member_id());
        insert.setString(2, consent.partner_id());
        insert.setBoolean(3, consent.granted());
        insert.setInt64(4, ProtoTimeToMicros(consent.change_time()));
        mariadb::BindRequestKey(insert, 5, key);
        auto inserted = Query(insert);
        if (!inserted->next()) return absl::InternalError("consent: INSERT returned no id");
        ASSIGN_OR_RETURN(result, ConsentById(db, GetString(*inserted, "consent_id")));
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return result;
}

}  // namespace coalition::account
