// Closing members' accounts and merging duplicates: the operator's requests, validated.
//
//   MemberLifecycle lifecycle(store, clock);
//   absl::StatusOr<v1::Member> closed = lifecycle.Close("operator", request);
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/lifecycle_store.h"
#include "services/common/clock.h"

namespace coalition::account {

class MemberLifecycle {
 public:
  MemberLifecycle(LifecycleStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  absl::StatusOr<v1::Member> Close(absl::string_view caller, const v1::CloseMemberRequest& request);
  absl::StatusOr<v1::Member> Merge(absl::string_view caller,
                                   const v1::MergeMembersRequest& request);

 private:
  LifecycleStore& store_;
  const Clock& clock_;
};

}  // namespace coalition::account
