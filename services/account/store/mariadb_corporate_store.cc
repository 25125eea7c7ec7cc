#include "services/account/store/mariadb_corporate_store.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "services/account/ledger_rules.h"
#include "services/account/store/mariadb_party_store.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

absl::StatusOr<v1::CorporateAccount> ReadCompany(Connection& db, const std::string& corporate_id) {
  sql::PreparedStatement& read = db.Prepare(
      "SELECT c.display_name, c.create_time_us, a.balance FROM corporates c"
      " JOIN accounts a ON a.kind = ? AND a.owner_id = c.corporate_id WHERE c.corporate_id = ?");
  read.setInt(1, v1::CORPORATE);
  read.setString(2, corporate_id);
  auto rows = Query(read);
  if (!rows->next()) return absl::NotFoundError(NoSuchOwner(v1::CORPORATE, corporate_id));
  v1::CorporateAccount company;
  company.set_corporate_id(corporate_id);
  company.set_display_name(GetString(*rows, "display_name"));
  company.set_points(rows->getInt64("balance"));
  *company.mutable_create_time() = MicrosToProtoTime(rows->getInt64("create_time_us"));
  return company;
}

}  // namespace

absl::StatusOr<v1::CorporateAccount> MariaDbCorporateStore::Create(
    const RequestKey& key, const v1::CorporateAccount& company) {
  v1::CorporateAccount result;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         mariadb::EarlierRequestId(db, "corporates", "corporate_id", key));
        if (!earlier) {
          sql::PreparedStatement& insert = db.Prepare(
              "INSERT INTO corporates (corporate_id, display_name, create_time_us, caller,"
              " request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?)");
          insert.setString(1, company.corporate_id());
          insert.setString(2, company.display_name());
          insert.setInt64(3, ProtoTimeToMicros(company.create_time()));
          mariadb::BindRequestKey(insert, 4, key);
          insert.executeUpdate();
          sql::PreparedStatement& open =
              db.Prepare("INSERT INTO accounts (kind, owner_id) VALUES (?, ?)");
          open.setInt(1, v1::CORPORATE);
          open.setString(2, company.corporate_id());
          open.executeUpdate();
          earlier = company.corporate_id();
        }
        ASSIGN_OR_RETURN(result, ReadCompany(db, *earlier));
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<v1::CorporateAccount> MariaDbCorporateStore::Get(const std::string& corporate_id) {
  absl::StatusOr<v1::CorporateAccount> company;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    company = ReadCompany(db, corporate_id);
    return absl::OkStatus();
  }));
  return company;
}

absl::StatusOr<v1::Member> MariaDbCorporateStore::Link(const RequestKey& key,
                                                       const std::string& member_id,
                                                       const std::string& corporate_id,
                                                       absl::Time now) {
  return ChangeMemberOnce(
      pool_, keyring_, "corporate_links", key, [&](Connection& db) -> absl::StatusOr<v1::Member> {
        ASSIGN_OR_RETURN(const v1::Member member, ReadMemberIn(db, keyring_, member_id));
        RETURN_IF_ERROR(RefuseIfEnded(member));
        if (!corporate_id.empty()) RETURN_IF_ERROR(ReadCompany(db, corporate_id).status());
        sql::PreparedStatement& link =
            db.Prepare("UPDATE members SET corporate_id = NULLIF(?, '') WHERE member_id = ?");
        link.setString(1, corporate_id);
        link.setString(2, member_id);
        link.executeUpdate();
        sql::PreparedStatement& record = db.Prepare(
            "INSERT INTO corporate_links (member_id, corporate_id, link_time_us, caller,"
            " request_id, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?)");
        record.setString(1, member_id);
        record.setString(2, corporate_id);
        record.setInt64(3, absl::ToUnixMicros(now));
        mariadb::BindRequestKey(record, 4, key);
        record.executeUpdate();
        return ReadMemberIn(db, keyring_, member_id);
      });
}

}  // namespace coalition::account
