// MariaDbPartyStore: partners (members are in mariadb_members.cc).
#include "services/account/store/mariadb_party_store.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/account/store/sql_enums.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

constexpr char kPartnerColumns[] =
    "partner_seq, partner_id, display_name, currency, earn_points, earn_per_amount_minor,"
    " issuance_amount_minor, issuance_per_points, reimbursement_amount_minor,"
    " reimbursement_per_points, create_time_us, active, prepaid, low_water_points,"
    " (SELECT balance FROM accounts WHERE kind = " SQL_PARTNER_PREPAID
    " AND owner_id = partners.partner_id)"
    " AS prepaid_points";

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
  partner.set_state(row.getBoolean("active") ? admin::v1::Partner::ACTIVE
                                             : admin::v1::Partner::SUSPENDED);
  partner.set_prepaid(row.getBoolean("prepaid"));
  partner.set_low_water_points(row.getInt64("low_water_points"));
  if (!row.isNull("prepaid_points")) partner.set_prepaid_points(row.getInt64("prepaid_points"));
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
            " request_id, request_fingerprint, prepaid, low_water_points)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
        mariadb::BindRequestKey(insert, 11, key);
        insert.setBoolean(14, partner.prepaid());
        insert.setInt64(15, partner.low_water_points());
        insert.executeUpdate();
        OpenAccount(db, v1::PARTNER_ISSUED, partner.partner_id(), "");
        OpenAccount(db, v1::PARTNER_REDEEMED, partner.partner_id(), "");
        OpenAccount(db, v1::PARTNER_PREPAID, partner.partner_id(), "");
        result = partner;
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return result;
}

absl::StatusOr<admin::v1::Partner> MariaDbPartyStore::SetPartnerState(
    const RequestKey& key, const std::string& partner_id, admin::v1::Partner::State state,
    const std::string& reason, absl::Time now) {
  admin::v1::Partner result;
  absl::Status status =
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mariadb::EarlierRequestId(db, "partner_state_changes", "partner_id", key));
        if (earlier) {
          ASSIGN_OR_RETURN(result, ReadPartner(db, *earlier));
          return absl::OkStatus();
        }
        sql::PreparedStatement& lock =
            db.Prepare("SELECT active FROM partners WHERE partner_id = ? FOR UPDATE");
        lock.setString(1, partner_id);
        auto rows = Query(lock);
        if (!rows->next()) {
          return absl::NotFoundError(absl::StrCat("partner_id: no partner '", partner_id, "'"));
        }
        const bool active = state == admin::v1::Partner::ACTIVE;
        if (rows->getBoolean("active") == active) {
          return absl::FailedPreconditionError(absl::StrCat("state: partner '", partner_id,
                                                            "' is already ",
                                                            admin::v1::Partner::State_Name(state)));
        }
        sql::PreparedStatement& update =
            db.Prepare("UPDATE partners SET active = ? WHERE partner_id = ?");
        update.setBoolean(1, active);
        update.setString(2, partner_id);
        update.executeUpdate();
        sql::PreparedStatement& record = db.Prepare(
            "INSERT INTO partner_state_changes (partner_id, active, reason, change_time_us,"
            " caller, request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)");
        record.setString(1, partner_id);
        record.setBoolean(2, active);
        record.setString(3, reason);
        record.setInt64(4, absl::ToUnixMicros(now));
        mariadb::BindRequestKey(record, 5, key);
        record.executeUpdate();
        ASSIGN_OR_RETURN(result, ReadPartner(db, partner_id));
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
