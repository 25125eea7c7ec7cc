// The loop behind the operator's jobs (expiry, tier review, re-sealing, lapsing pending points): bounded per call, and
// resumable because each member's work is one transaction and what is left is found again.
//
//   ASSIGN_OR_RETURN(bool complete, WorkInBoundedSteps(max_members, 200, next_batch, handle));
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace coalition {

// Calls `next_batch(limit)` for members still to handle and `handle` on each, until a batch
// comes back empty (returns true: the job is complete) or `max_members` were handled (false).
absl::StatusOr<bool> WorkInBoundedSteps(
    int max_members, int batch_size,
    const std::function<absl::StatusOr<std::vector<std::string>>(int limit)>& next_batch,
    const std::function<absl::Status(const std::string& member_id)>& handle);

}  // namespace coalition
