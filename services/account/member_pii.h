// A member's personal data (name, email, phone) as stored: sealed together with the key ring
// (services/common/pii_keyring.h), bound to the member id. The plaintext is a
// coalition.account.v1.Member holding only those three fields.
//
//   ASSIGN_OR_RETURN(SealedPii sealed, SealPii(keyring, member));
//   RETURN_IF_ERROR(OpenPii(keyring, sealed, member));  // fills member's personal fields
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "coalition/account/v1/account.pb.h"
#include "services/common/pii_keyring.h"

namespace coalition::account {

struct SealedPii {
  std::string key_id;
  std::string sealed;
};

absl::StatusOr<SealedPii> SealPii(const PiiKeyring& keyring, const v1::Member& member);

// Sets `member`'s name, email and phone from what SealPii made for the same member id.
absl::Status OpenPii(const PiiKeyring& keyring, const SealedPii& sealed, v1::Member& member);

}  // namespace coalition::account
