// The rows that key the operator's jobs (expiry_runs, tier_review_runs, pending_lapse_runs...): one per request, with
// the as-of time fixed when the request is first seen, so a job resumed after a crash keeps its
// cut-off. Each table has run_id, caller, request_id, request_fingerprint, as_of_us, complete.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/request_key.h"

namespace coalition::mariadb::job_runs {

// The run_id of `key` in `table`: the run it started before (ALREADY_EXISTS if the fingerprint
// differs) or a new run as of `as_of`. Run it in InTransactionReplayingDuplicates.
absl::StatusOr<int64_t> FindOrStart(mariadb::Connection& db, const std::string& table,
                                    const RequestKey& key, absl::Time as_of);

void MarkComplete(mariadb::Connection& db, const std::string& table, int64_t run_id);

}  // namespace coalition::mariadb::job_runs
