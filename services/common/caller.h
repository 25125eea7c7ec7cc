// Who is calling, as the services see it: the "role:id" the partner gateway names in the
// `x-coalition-caller` metadata -- "operator", "partner:<id>" or "mobile:<id>" -- so a mobile
// backend named like a partner never shares that partner's idempotency keys or limits. Services
// calling each other name themselves ("earning", "redemption.sweeper"). Idempotency keys are
// scoped by the caller, and a partner caller may act only for itself (ActsFor). Reading it off a
// call is grpc/call_context.h's job.
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace coalition {

inline constexpr absl::string_view kCallerMetadataKey = "x-coalition-caller";
// Set by the gateway on a partner's (or a partner's mobile backend's) calls: the partner whose
// members the call may read. Absent for the operator, the coalition's own app and internal calls.
inline constexpr absl::string_view kMemberScopeMetadataKey = "x-coalition-member-scope";

// INVALID_ARGUMENT naming `field` when `caller` is neither a "role:id" the gateway sends nor a
// service's own name.
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

}  // namespace coalition
