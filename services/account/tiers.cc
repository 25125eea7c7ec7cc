#include "services/account/tiers.h"

#include "services/account/tier_ladder.h"
#include "services/common/bounded_steps.h"
#include "services/common/limits.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {

absl::StatusOr<v1::TierLadder> Tiers::SetTierLadder(absl::string_view caller,
                                                    const v1::SetTierLadderRequest& request) {
  RETURN_IF_ERROR(ValidateTierLadder(request));
  v1::TierLadder ladder;
  ladder.set_window_months(request.window_months());
  *ladder.mutable_levels() = request.levels();
  *ladder.mutable_create_time() = ToProtoTime(clock_.Now());
  return store_.PublishLadder(RequestKey::Of(caller, request), ladder);
}

absl::StatusOr<v1::TierLadder> Tiers::GetTierLadder() { return store_.CurrentLadder(); }

absl::StatusOr<v1::TierReviewRun> Tiers::RunTierReview(absl::string_view caller,
                                                       const v1::RunTierReviewRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  ASSIGN_OR_RETURN(const int max_members,
                   BoundedCount("max_members", request.max_members(), kDefaultSweepItems, kMaxSweepItems));
  v1::RunTierReviewRequest what = request;
  what.clear_max_members();
  ASSIGN_OR_RETURN(v1::TierReviewRun run,
                   store_.StartReview(RequestKey::Of(caller, what), clock_.Now()));
  if (run.complete()) return run;

  const absl::Time as_of = absl::FromUnixMicros(ProtoTimeToMicros(run.as_of()));
  ASSIGN_OR_RETURN(const bool complete,
                   WorkInBoundedSteps(
                       max_members, kBatchMembers,
                       [&](int limit) { return store_.MembersDueForReview(as_of, limit); },
                       [&](const std::string& member_id) {
                         return store_.ReviewMember(run, member_id, clock_.Now());
                       }));
  return store_.EndReviewStep(run, complete);
}

absl::StatusOr<v1::ListTierChangesResponse> Tiers::ListTierChanges(
    const v1::ListTierChangesRequest& request) {
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  ASSIGN_OR_RETURN(int32_t page_size, PageSize(request.page_size(), 20, 100));
  ASSIGN_OR_RETURN(std::optional<int64_t> cursor, DecodePageToken(request.page_token(), request));
  ASSIGN_OR_RETURN(TierStore::ChangePage page,
                   store_.ListChanges(request.member_id(), cursor, page_size));
  v1::ListTierChangesResponse response;
  for (v1::TierChange& change : page.changes) *response.add_changes() = std::move(change);
  if (page.next_cursor) response.set_next_page_token(EncodePageToken(*page.next_cursor, request));
  return response;
}

absl::StatusOr<v1::MemberTier> Tiers::GetMemberTier(const v1::GetMemberTierRequest& request) {
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  return store_.MemberTier(request.member_id(), clock_.Now());
}

}  // namespace coalition::account
