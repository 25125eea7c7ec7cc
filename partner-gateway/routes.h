// Which internal service serves each public method, and which roles may call it.
//   operator: everything, the admin services included;
//   partner:  earning, redemption, members' enrolment and reads, its own statements;
//   mobile:   read-only member views, quotes and the reward catalogue.
//
//   ASSIGN_OR_RETURN(Backend backend, Authorize("/coalition.earning.v1.EarningService/...", who));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "partner-gateway/identity.h"

namespace coalition::gateway {

enum class Backend { kAccount, kEarning, kRedemption, kSettlement };

// UNIMPLEMENTED for a method the API does not have, or one the gateway never routes (the
// internal LedgerService); PERMISSION_DENIED for one the identity's role may not call.
absl::StatusOr<Backend> Authorize(const std::string& method, const Identity& who);

}  // namespace coalition::gateway
