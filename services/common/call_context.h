// Who is calling, and how long they wait.
//
// Until the partner gateway (issue 8) authenticates callers, a caller names itself in the
// `x-coalition-caller` metadata; idempotency keys are scoped by it. Service-to-service calls set
// their own service name and always carry a deadline.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/server_context.h"

namespace coalition {

inline constexpr absl::string_view kCallerMetadataKey = "x-coalition-caller";
// Set by the gateway on a partner's (or a partner's mobile backend's) calls: the partner whose
// members the call may read. Absent for the operator, the coalition's own app and internal calls.
inline constexpr absl::string_view kMemberScopeMetadataKey = "x-coalition-member-scope";

// UNAUTHENTICATED when the metadata is missing; INVALID_ARGUMENT when it is not an id.
absl::StatusOr<std::string> CallerOf(const grpc::ServerContext& context);

// The partner a call's member reads are limited to, if the gateway set one.
std::optional<std::string> MemberScopeOf(const grpc::ServerContext& context);

// Sets the caller and a deadline on an outgoing call.
void PrepareCall(grpc::ClientContext& context, absl::string_view caller, absl::Duration timeout);

}  // namespace coalition
