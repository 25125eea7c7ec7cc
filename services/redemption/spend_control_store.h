// Storage of the spending controls: the partner kill switch, the members' limits, what each
// member spent recently, and every refusal.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/redemption/v1/redemption.pb.h"
#include "services/common/request_key.h"

namespace coalition::redemption {

// One redemption, hold or order asking to spend.
struct Spending {
  std::string spending_id;  // the redemption's or hold's id
  std::string member_id;
  std::string partner_id;
  int64_t points = 0;
};

class SpendControlStore {
 public:
  virtual ~SpendControlStore() = default;

  // Under the member's lock: refuses (PERMISSION_DENIED if the partner's switch is off,
  // RESOURCE_EXHAUSTED past a limit) and records the refusal, or records the spending. A spending
  // recorded before (a retry after a failure) is admitted again without being counted twice.
  virtual absl::Status Admit(const RequestKey& key, const Spending& spending, absl::Time now) = 0;
  // PERMISSION_DENIED, recorded, if the partner's switch is off (a capture of an earlier hold).
  virtual absl::Status RefuseIfSwitchedOff(const RequestKey& key, const Spending& spending,
                                           absl::Time now) = 0;
  // The spending did not happen after all (the ledger refused it): it no longer counts.
  virtual absl::Status Forget(const std::string& spending_id) = 0;
  // (A hold's close settles its row to what was captured: MariaDbRedemptionStore::CloseHold.)
  // Drops spending before `before`, which no limit looks at any more.
  virtual absl::Status Prune(absl::Time before) = 0;

  virtual absl::StatusOr<v1::PartnerRedemptions> SetSwitch(
      const RequestKey& key, const v1::SetPartnerRedemptionsRequest& request, absl::Time now) = 0;
  virtual absl::StatusOr<v1::BurnLimits> SetLimits(const RequestKey& key,
                                                   const v1::BurnLimits& limits,
                                                   absl::Time now) = 0;
  virtual absl::StatusOr<v1::BurnLimits> Limits() = 0;
  // Newest first, of a member (or, with member_id empty, a partner).
  virtual absl::StatusOr<std::vector<v1::BurnRefusal>> Refusals(const std::string& member_id,
                                                                const std::string& partner_id,
                                                                int limit) = 0;
};

}  // namespace coalition::redemption
