// Storage of households: who is in one, and its pool account (kind HOUSEHOLD, spent only by the
// owner the account names).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "services/common/request_key.h"

namespace coalition::account {

// A household has at most this many members, its owner included.
inline constexpr int kMaxHouseholdMembers = 8;

class HouseholdStore {
 public:
  virtual ~HouseholdStore() = default;

  // Each mutation is idempotent under `key`: a retry returns the household as first answered
  // (ALREADY_EXISTS if the fingerprint differs). NOT_FOUND for an unknown member or household;
  // FAILED_PRECONDITION for a member already in a household, a full household, removing a
  // member who is not in it, or removing the owner.

  // Inserts the household with its owner as first member, and opens its pool account.
  virtual absl::StatusOr<v1::Household> Create(const RequestKey& key,
                                               const v1::Household& household) = 0;
  virtual absl::StatusOr<v1::Household> AddMember(const RequestKey& key,
                                                  const std::string& household_id,
                                                  const std::string& member_id, absl::Time now) = 0;
  virtual absl::StatusOr<v1::Household> RemoveMember(const RequestKey& key,
                                                     const std::string& household_id,
                                                     const std::string& member_id,
                                                     absl::Time now) = 0;
  virtual absl::StatusOr<v1::Household> Get(const std::string& household_id) = 0;
};

}  // namespace coalition::account
