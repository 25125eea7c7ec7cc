// Storage of the final steps in a member's life: closing an account and merging a duplicate.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "services/common/request_key.h"

namespace coalition::account {

class LifecycleStore {
 public:
  virtual ~LifecycleStore() = default;

  // Each is one transaction, idempotent under `key` (a retry returns the member as it is now:
  // closed and merged are final). NOT_FOUND for an unknown member; FAILED_PRECONDITION for a
  // member already closed or merged, with open holds, or in a household.

  // Moves the member's remaining points to breakage (FORFEIT postings, one per issuing partner)
  // and closes it for good.
  virtual absl::StatusOr<v1::Member> Close(const RequestKey& key, const std::string& member_id,
                                           const std::string& reason, absl::Time now) = 0;
  // Moves the source's points (with their lots) to the target in one MERGE posting, adds its
  // qualifying points to the target's, lists its history with the target's, and marks it MERGED.
  // Returns the source.
  virtual absl::StatusOr<v1::Member> Merge(const RequestKey& key,
                                           const std::string& source_member_id,
                                           const std::string& target_member_id,
                                           const std::string& reason, absl::Time now) = 0;
};

}  // namespace coalition::account
