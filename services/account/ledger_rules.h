// The rules every posting obeys before it reaches storage: at least two legs, no zero legs, no
// account twice, and legs that sum to exactly zero. Pure functions, unit-tested directly.
//
//   RETURN_IF_ERROR(ValidatePostingRequest(request));
//   if (IsNonNegative(leg.account().kind())) { ... checked update ... }
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "coalition/account/v1/account.pb.h"
#include "services/common/limits.h"

namespace coalition::account {

inline constexpr int kMaxLegs = 8;
inline constexpr absl::string_view kOperatorOwner = "operator";

// Accounts that hold members' points (a member's, a hold, a household pool) may never go below
// zero and keep their points in lots; the others are contra accounts whose sign only records
// direction.
bool IsNonNegative(v1::AccountKind kind);

// Accounts that hold members' points (a member's, a hold, a household pool, pending and corporate
// points), kept in lots with their expiry. A pre-paid partner's block is never negative but holds
// no member's points: it keeps no lots.
bool KeepsLots(v1::AccountKind kind);

// INVALID_ARGUMENT naming the field, e.g. "legs[1].points: must not be 0".
absl::Status ValidatePostingRequest(const v1::CreatePostingRequest& request);

// "member_id", "partner_id", ...: the field a client knows an account by, for error messages.
std::string OwnerField(v1::AccountKind kind);

// NOT_FOUND message for an account's owner, e.g. "member_id: no member 'mbr_1'".
std::string NoSuchOwner(v1::AccountKind kind, absl::string_view owner_id);

}  // namespace coalition::account
