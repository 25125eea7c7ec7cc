// Checks of a request's content at the edge, on the message decoded by its method's type: a
// partner acts only as itself, so any `partner_id` it sends (at the top level or in a repeated
// sub-message, as in a batch) must be its own.
//
//   RETURN_IF_ERROR(CheckActsAsItself(method, request_bytes, who));
#pragma once

#include <string>

#include "absl/status/status.h"
#include "partner-gateway/identity.h"

namespace coalition::gateway {

// INVALID_ARGUMENT when the bytes do not decode as the method's request; PERMISSION_DENIED
// naming the field when a partner names another partner.
absl::Status CheckActsAsItself(const std::string& method, const std::string& request_bytes,
                               const Identity& who);

// Whether the method streams (the gateway forwards unary calls only).
bool IsStreaming(const std::string& method);

}  // namespace coalition::gateway
