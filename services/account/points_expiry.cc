#include "services/account/points_expiry.h"

#include "services/common/bounded_steps.h"
#include "services/common/limits.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {

absl::StatusOr<v1::ExpiryRun> PointsExpiry::Run(absl::string_view caller,
                                                const v1::RunExpiryRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  ASSIGN_OR_RETURN(const int max_members,
                   BoundedCount("max_members", request.max_members(), kDefaultSweepItems, kMaxSweepItems));
  // How much to do per call is not part of what the run is: later calls may ask for more.
  v1::RunExpiryRequest what = request;
  what.clear_max_members();
  ASSIGN_OR_RETURN(v1::ExpiryRun run,
                   store_.StartExpiryRun(RequestKey::Of(caller, what), clock_.Now()));
  if (run.complete()) return run;

  const absl::Time as_of = absl::FromUnixMicros(ProtoTimeToMicros(run.as_of()));
  ASSIGN_OR_RETURN(const bool complete,
                   WorkInBoundedSteps(
                       max_members, kBatchMembers,
                       [&](int limit) { return store_.AccountsWithExpiredPoints(as_of, limit); },
                       [&](const std::string& owner_id) {
                         return store_.ExpireAccountPoints(run, owner_id, clock_.Now());
                       }));
  return store_.EndExpiryStep(run, complete);
}

}  // namespace coalition::account
