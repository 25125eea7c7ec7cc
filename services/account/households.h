// Households: members who pool their points into one balance that only the owner spends (as
// family pooling in airline and coalition programmes). Members pool by transferring points in
// (Transfers); the owner spends with the redemption service's household_id.
//
//   Households households(store, clock);
//   absl::StatusOr<v1::Household> created = households.Create("mobile-app", request);
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/household_store.h"
#include "services/common/clock.h"

namespace coalition::account {

class Households {
 public:
  Households(HouseholdStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  absl::StatusOr<v1::Household> Create(absl::string_view caller,
                                       const v1::CreateHouseholdRequest& request);
  absl::StatusOr<v1::Household> AddMember(absl::string_view caller,
                                          const v1::AddHouseholdMemberRequest& request);
  absl::StatusOr<v1::Household> RemoveMember(absl::string_view caller,
                                             const v1::RemoveHouseholdMemberRequest& request);
  absl::StatusOr<v1::Household> Get(const v1::GetHouseholdRequest& request);

 private:
  HouseholdStore& store_;
  const Clock& clock_;
};

}  // namespace coalition::account
