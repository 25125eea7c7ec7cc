// Reading who is calling off a gRPC call, and naming ourselves on an outgoing one. What the
// caller may do is services/common/caller.h's.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/server_context.h"
#include "services/common/caller.h"

namespace coalition {

// UNAUTHENTICATED when the metadata is missing; INVALID_ARGUMENT when it is neither a "role:id"
// the gateway sends nor a service's own name.
absl::StatusOr<std::string> CallerOf(const grpc::ServerContext& context);

// The partner a call's member reads are limited to, if the gateway set one.
std::optional<std::string> MemberScopeOf(const grpc::ServerContextBase& context);

// Sets the caller and a deadline on an outgoing call.
void PrepareCall(grpc::ClientContext& context, absl::string_view caller, absl::Duration timeout);

}  // namespace coalition
