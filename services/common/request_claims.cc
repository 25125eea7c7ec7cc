#include "services/common/request_claims.h"

namespace coalition {

bool IsFinalAnswer(const absl::Status& status) {
  // FAILED_PRECONDITION is what the state of things decided (not enough points, a hold already
  // closed): asked again, the request must get it again. Bad input (INVALID_ARGUMENT,
  // NOT_FOUND, PERMISSION_DENIED, ALREADY_EXISTS) changed nothing and may be corrected under the
  // same request_id; UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED or INTERNAL may have left the
  // request half done, for a retry to finish; RESOURCE_EXHAUSTED is a limit of the moment.
  return status.ok() || absl::IsFailedPrecondition(status);
}

bool ChangedNothing(const absl::Status& status) {
  return absl::IsInvalidArgument(status) || absl::IsNotFound(status) ||
         absl::IsPermissionDenied(status) || absl::IsAlreadyExists(status);
}

}  // namespace coalition
