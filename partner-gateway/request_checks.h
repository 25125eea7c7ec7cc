// Checks of a request's content at the edge, on the message decoded by its method's type, before
// anything reaches a service:
//   - the bytes decode as the method's request, with no fields the API does not define;
//   - enum fields hold defined values; strings are at most kMaxStringBytes (4 KiB), lists at most
//     kMaxBatchItems (5,000, the largest list a service takes: a file of purchases);
//   - Timestamps are valid ones: 0001-01-01 to 9999-12-31, nanos below 10^9 (time_validation.h);
//   - request_id, member_id and partner_id have their formats;
//   - amounts (points, *_points, amount_minor, *_minor) are at most kMaxAmount (10^12, what the
//     services hold every amount to) in size, and a partner's or mobile backend's are not
//     negative;
//   - a partner acts only as itself: any partner_id it sends, at any depth, is its own.
// Failures name the field with its path, e.g. "purchases[1].amount_minor: ...".
//
//   RETURN_IF_ERROR(CheckRequest(method, request_bytes, who));
#pragma once

#include <string>

#include "absl/status/status.h"
#include "partner-gateway/identity.h"

namespace coalition::gateway {

// INVALID_ARGUMENT for a malformed request; PERMISSION_DENIED naming the field when a partner
// names another partner; UNIMPLEMENTED for a method the API does not have.
absl::Status CheckRequest(const std::string& method, const std::string& request_bytes,
                          const Identity& who);

// Whether the API has the method ("/package.Service/Method"), the gateway's own services
// included.
bool IsApiMethod(const std::string& method);

// Whether the method streams requests (never forwarded) or answers (forwarded as a stream).
bool IsClientStreaming(const std::string& method);
bool IsServerStreaming(const std::string& method);

}  // namespace coalition::gateway
