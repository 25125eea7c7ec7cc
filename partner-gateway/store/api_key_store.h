// API keys on MariaDB (migrations/0002): issue, rotate and revoke, each idempotent under its
// request key, and the lookup the gateway does when a key is presented.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/gateway/v1/access.pb.h"
#include "partner-gateway/api_keys.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/request_key.h"

namespace coalition::gateway {

class ApiKeyStore {
 public:
  explicit ApiKeyStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  // Stores `key` under `request`, or returns what an earlier identical request stored.
  absl::StatusOr<v1::ApiKey> Insert(const RequestKey& request, const StoredApiKey& key,
                                    absl::Time now);

  // Stores `replacement` for the same identity and makes the old key expire by
  // `old_expires_by`. NOT_FOUND for an unknown key; FAILED_PRECONDITION if it was revoked or
  // already replaced.
  absl::StatusOr<v1::ApiKey> Rotate(const RequestKey& request, const std::string& key_id,
                                    absl::Time old_expires_by, StoredApiKey replacement,
                                    absl::Time now);

  // NOT_FOUND for an unknown key. A key revoked before keeps its first revocation.
  absl::StatusOr<v1::ApiKey> Revoke(const RequestKey& request, const std::string& key_id,
                                    const std::string& reason, absl::Time now);

  absl::StatusOr<std::optional<StoredApiKey>> Find(const std::string& key_id);
  absl::StatusOr<v1::ListApiKeysResponse> List(const std::string& identity);

 private:
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::gateway
