// Which internal service serves each public method, and which roles may call it.
//   operator: everything, the admin services and the gateway's own (access, audit) included;
//   partner:  earning, redemption, members' enrolment and reads, its own statements;
//   mobile:   read-only member views, quotes and the reward catalogue.
//
//   ASSIGN_OR_RETURN(Backend backend, Authorize("/coalition.earning.v1.EarningService/...", who));
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "partner-gateway/identity.h"

namespace coalition::gateway {

// kGateway: served by the gateway itself, in-process (hosted_services.h), never forwarded.
enum class Backend { kAccount, kEarning, kRedemption, kSettlement, kGateway };

// UNIMPLEMENTED for a method the API does not have, or one the gateway never routes (the
// internal LedgerService); PERMISSION_DENIED for one the identity's role may not call.
absl::StatusOr<Backend> Authorize(const std::string& method, const Identity& who);

}  // namespace coalition::gateway
