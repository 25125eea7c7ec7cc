// Inserting under a unique idempotency key when a concurrent request with the same key may be
// inserting too.
//
//   RETURN_IF_ERROR(InTransactionReplayingDuplicates(pool, [&](Connection& db) -> absl::Status {
//     ASSIGN_OR_RETURN(auto earlier, FindByKey(db, key));   // the replay finds the winner's row
//     if (earlier) { result = *earlier; return absl::OkStatus(); }
//     ... INSERT ...
//   }));
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cppconn/prepared_statement.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/request_key.h"

namespace coalition::mariadb {

// Runs `work` in a transaction. A duplicate-key error means another transaction committed the
// same key first: `work` is rolled back and run again (bounded by the pool's retries), so its
// own lookup returns what the winner wrote.
absl::Status InTransactionReplayingDuplicates(ConnectionPool& pool,
                                              const std::function<absl::Status(Connection&)>& work);

// The `id_column` of the row an earlier request with this key wrote to `table` (which has
// caller, request_id and request_fingerprint columns), if any; ALREADY_EXISTS when that request
// said something else.
absl::StatusOr<std::optional<std::string>> EarlierRequestId(Connection& db,
                                                            const std::string& table,
                                                            const std::string& id_column,
                                                            const RequestKey& key);

// Binds the key's caller, request_id and fingerprint to parameters `first`, `first + 1` and
// `first + 2` of `statement`: the columns every keyed row stores, in that order.
inline void BindRequestKey(sql::PreparedStatement& statement, unsigned int first,
                           const RequestKey& key) {
  statement.setString(first, key.caller);
  statement.setString(first + 1, key.request_id);
  statement.setString(first + 2, key.fingerprint);
}

}  // namespace coalition::mariadb
