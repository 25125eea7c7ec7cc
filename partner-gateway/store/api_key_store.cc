#include "partner-gateway/store/api_key_store.h"

#include "absl/strings/str_cat.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::gateway {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

constexpr char kColumns[] =
    "key_id, identity, salt, secret_sha256, create_time_us, expire_time_us, revoke_time_us,"
    " revoke_reason, replaced_by_key_id";

struct Row {
  StoredApiKey stored;
  v1::ApiKey shown;
};

Row RowOf(sql::ResultSet& row) {
  Row key;
  key.stored.key_id = GetString(row, "key_id");
  key.stored.identity = GetString(row, "identity");
  key.stored.salt_hex = GetString(row, "salt");
  key.stored.secret_sha256_hex = GetString(row, "secret_sha256");
  key.stored.expire_time = absl::FromUnixMicros(row.getInt64("expire_time_us"));
  key.shown.set_key_id(key.stored.key_id);
  key.shown.set_identity(key.stored.identity);
  *key.shown.mutable_create_time() = MicrosToProtoTime(row.getInt64("create_time_us"));
  *key.shown.mutable_expire_time() = MicrosToProtoTime(row.getInt64("expire_time_us"));
  if (!row.isNull("revoke_time_us")) {
    key.stored.revoke_time = absl::FromUnixMicros(row.getInt64("revoke_time_us"));
    *key.shown.mutable_revoke_time() = MicrosToProtoTime(row.getInt64("revoke_time_us"));
  }
  key.shown.set_revoke_reason(GetString(row, "revoke_reason"));
  key.shown.set_replaced_by_key_id(GetString(row, "replaced_by_key_id"));
  return key;
}

absl::StatusOr<std::optional<Row>> Read(Connection& db, const std::string& key_id, bool lock) {
  sql::PreparedStatement& read = db.Prepare(absl::StrCat(
      "SELECT ", kColumns, " FROM api_keys WHERE key_id = ?", lock ? " FOR UPDATE" : ""));
  read.setString(1, key_id);
  auto rows = Query(read);
  if (!rows->next()) return std::nullopt;
  return RowOf(*rows);
}

absl::StatusOr<Row> ReadExisting(Connection& db, const std::string& key_id) {
  ASSIGN_OR_RETURN(std::optional<Row> row, Read(db, key_id, /*lock=*/true));
  if (!row) return absl::NotFoundError(absl::StrCat("key_id: no API key '", key_id, "'"));
  return *std::move(row);
}

void InsertKey(Connection& db, const RequestKey& request, const StoredApiKey& key, absl::Time now) {
  sql::PreparedStatement& insert = db.Prepare(
      "INSERT INTO api_keys (key_id, identity, salt, secret_sha256, create_time_us,"
      " expire_time_us, caller, request_id, request_fingerprint)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.setString(1, key.key_id);
  insert.setString(2, key.identity);
  insert.setString(3, key.salt_hex);
  insert.setString(4, key.secret_sha256_hex);
  insert.setInt64(5, absl::ToUnixMicros(now));
  insert.setInt64(6, absl::ToUnixMicros(key.expire_time));
  mariadb::BindRequestKey(insert, 7, request);
  insert.executeUpdate();
}

void InsertChange(Connection& db, const RequestKey& request, const std::string& key_id,
                  const std::string& new_key_id, absl::Time now) {
  sql::PreparedStatement& insert = db.Prepare(
      "INSERT INTO api_key_changes (caller, request_id, request_fingerprint, key_id, new_key_id,"
      " change_time_us) VALUES (?, ?, ?, ?, ?, ?)");
  mariadb::BindRequestKey(insert, 1, request);
  insert.setString(4, key_id);
  insert.setString(5, new_key_id);
  insert.setInt64(6, absl::ToUnixMicros(now));
  insert.executeUpdate();
}

}  // namespace

absl::StatusOr<v1::ApiKey> ApiKeyStore::Insert(const RequestKey& request, const StoredApiKey& key,
                                               absl::Time now) {
  v1::ApiKey result;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(const std::optional<std::string> earlier,
                         mariadb::EarlierRequestId(db, "api_keys", "key_id", request));
        if (!earlier) InsertKey(db, request, key, now);
        ASSIGN_OR_RETURN(const Row row, ReadExisting(db, earlier.value_or(key.key_id)));
        result = row.shown;
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<v1::ApiKey> ApiKeyStore::Rotate(const RequestKey& request, const std::string& key_id,
                                               absl::Time old_expires_by, StoredApiKey replacement,
                                               absl::Time now) {
  v1::ApiKey result;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(const std::optional<std::string> earlier,
                         mariadb::EarlierRequestId(db, "api_key_changes", "new_key_id", request));
        if (!earlier) {
          ASSIGN_OR_RETURN(const Row old, ReadExisting(db, key_id));
          if (old.stored.revoke_time) {
            return absl::FailedPreconditionError(absl::StrCat(
                "key_id: API key '", key_id, "' was revoked; issue a new key instead"));
          }
          if (!old.shown.replaced_by_key_id().empty()) {
            return absl::FailedPreconditionError(absl::StrCat("key_id: API key '", key_id,
                                                              "' was already rotated to '",
                                                              old.shown.replaced_by_key_id(), "'"));
          }
          replacement.identity = old.stored.identity;
          InsertKey(db, request, replacement, now);
          sql::PreparedStatement& update = db.Prepare(
              "UPDATE api_keys SET expire_time_us = LEAST(expire_time_us, ?),"
              " replaced_by_key_id = ? WHERE key_id = ?");
          update.setInt64(1, absl::ToUnixMicros(old_expires_by));
          update.setString(2, replacement.key_id);
          update.setString(3, key_id);
          update.executeUpdate();
          InsertChange(db, request, key_id, replacement.key_id, now);
        }
        ASSIGN_OR_RETURN(const Row row, ReadExisting(db, earlier.value_or(replacement.key_id)));
        result = row.shown;
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<v1::ApiKey> ApiKeyStore::Revoke(const RequestKey& request, const std::string& key_id,
                                               const std::string& reason, absl::Time now) {
  v1::ApiKey result;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(const std::optional<std::string> earlier,
                         mariadb::EarlierRequestId(db, "api_key_changes", "key_id", request));
        if (!earlier) {
          ASSIGN_OR_RETURN(const Row old, ReadExisting(db, key_id));
          if (!old.stored.revoke_time) {
            sql::PreparedStatement& update = db.Prepare(
                "UPDATE api_keys SET revoke_time_us = ?, revoke_reason = ? WHERE key_id = ?");
            update.setInt64(1, absl::ToUnixMicros(now));
            update.setString(2, reason);
            update.setString(3, key_id);
            update.executeUpdate();
          }
          InsertChange(db, request, key_id, "", now);
        }
        ASSIGN_OR_RETURN(const Row row, ReadExisting(db, earlier.value_or(key_id)));
        result = row.shown;
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<std::optional<StoredApiKey>> ApiKeyStore::Find(const std::string& key_id) {
  std::optional<StoredApiKey> found;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    ASSIGN_OR_RETURN(const std::optional<Row> row, Read(db, key_id, /*lock=*/false));
    if (row) found = row->stored;
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<v1::ListApiKeysResponse> ApiKeyStore::List(const std::string& identity) {
  v1::ListApiKeysResponse response;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& read =
        db.Prepare(absl::StrCat("SELECT ", kColumns,
                                " FROM api_keys WHERE ? = '' OR identity = ? ORDER BY identity,"
                                " create_time_us, key_id LIMIT 10000"));
    read.setString(1, identity);
    read.setString(2, identity);
    for (auto rows = Query(read); rows->next();) *response.add_keys() = RowOf(*rows).shown;
    return absl::OkStatus();
  }));
  return response;
}

}  // namespace coalition::gateway
