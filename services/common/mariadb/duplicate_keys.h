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

#include "absl/status/status.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::mariadb {

// Runs `work` in a transaction. A duplicate-key error means another transaction committed the
// same key first: `work` is rolled back and run again (bounded by the pool's retries), so its
// own lookup returns what the winner wrote.
absl::Status InTransactionReplayingDuplicates(ConnectionPool& pool,
                                              const std::function<absl::Status(Connection&)>& work);

}  // namespace coalition::mariadb
