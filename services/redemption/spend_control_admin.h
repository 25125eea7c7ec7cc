// The operator's side of the spending controls: the partner kill switch, the members' limits,
// and the record of what they refused.
//
//   SpendControlAdmin admin(controls, accounts, clock);
//   ASSIGN_OR_RETURN(v1::BurnLimits limits, admin.SetLimits("operator", request));
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/redemption/v1/redemption.pb.h"
#include "services/account/client/account_api.h"
#include "services/common/clock.h"
#include "services/redemption/spend_control_store.h"

namespace coalition::redemption {

class SpendControlAdmin {
 public:
  SpendControlAdmin(SpendControlStore& controls, account::AccountApi& accounts, const Clock& clock)
      : controls_(controls), accounts_(accounts), clock_(clock) {}

  absl::StatusOr<v1::PartnerRedemptions> SetSwitch(absl::string_view caller,
                                                   const v1::SetPartnerRedemptionsRequest& request);
  absl::StatusOr<v1::BurnLimits> SetLimits(absl::string_view caller,
                                           const v1::SetBurnLimitsRequest& request);
  absl::StatusOr<v1::BurnLimits> Limits() { return controls_.Limits(); }
  absl::StatusOr<v1::ListBurnRefusalsResponse> Refusals(const v1::ListBurnRefusalsRequest& request);

 private:
  SpendControlStore& controls_;
  account::AccountApi& accounts_;
  const Clock& clock_;
};

}  // namespace coalition::redemption
