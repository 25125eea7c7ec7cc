#include "services/account/pii_rekey.h"

#include "services/common/bounded_steps.h"
#include "services/common/limits.h"
#include "services/common/page_token.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {

absl::StatusOr<v1::PiiRekeyRun> PiiRekey::Run(absl::string_view caller,
                                              const v1::RunPiiRekeyRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  ASSIGN_OR_RETURN(const int max_members,
                   BoundedCount("max_members", request.max_members(), kDefaultSweepItems, kMaxSweepItems));
  v1::RunPiiRekeyRequest what = request;  // how much per call is not part of what the run is
  what.clear_max_members();
  ASSIGN_OR_RETURN(v1::PiiRekeyRun run,
                   store_.StartPiiRekey(RequestKey::Of(caller, what), clock_.Now()));
  if (run.complete()) return run;
  ASSIGN_OR_RETURN(
      const bool complete,
      WorkInBoundedSteps(
          max_members, kBatchMembers, [&](int limit) { return store_.MembersToReseal(limit); },
          [&](const std::string& member_id) { return store_.ResealMember(run, member_id); }));
  return store_.EndPiiRekeyStep(run, complete);
}

}  // namespace coalition::account
