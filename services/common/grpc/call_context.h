// Who is calling, and how long they wait.
//
// The partner gateway names the caller in the `x-coalition-caller` metadata as "role:id" --
// "operator", "partner:<id>" or "mobile:<id>" -- so a mobile backend named like a partner never
// shares that partner's idempotency keys or limits. Services calling each other name themselves
// ("earning", "redemption.sweeper"). Idempotency keys are scoped by the caller, and a partner
// caller may act only for itself (ActsFor).
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

// UNAUTHENTICATED when the metadata is missing; INVALID_ARGUMENT when it is neither a "role:id"
// the gateway sends nor a service's own name.
absl::StatusOr<std::string> CallerOf(const grpc::ServerContext& context);

// The checks CallerOf makes, on the value alone.
absl::Status ValidateCaller(absl::string_view field, absl::string_view caller);

// "partner:hotel" -> "hotel"; nullopt for any other caller.
std::optional<std::string> PartnerOfCaller(absl::string_view caller);

// Whether `caller` may act for `partner_id`: a partner only for itself, a mobile backend for no
// partner, the operator and the services for any.
bool ActsFor(absl::string_view caller, absl::string_view partner_id);

// PERMISSION_DENIED naming `field` unless `caller` may act for `partner_id` (ActsFor). The
// gateway refuses such calls first; services check again, as the owners of what would change.
absl::Status CheckActsFor(absl::string_view caller, absl::string_view field,
                          absl::string_view partner_id);

// The partner a call's member reads are limited to, if the gateway set one.
std::optional<std::string> MemberScopeOf(const grpc::ServerContextBase& context);

// Sets the caller and a deadline on an outgoing call.
void PrepareCall(grpc::ClientContext& context, absl::string_view caller, absl::Duration timeout);

}  // namespace coalition
