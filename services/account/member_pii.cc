#include "services/account/member_pii.h"

#include "services/common/status_macros.h"

namespace coalition::account {

absl::StatusOr<SealedPii> SealPii(const PiiKeyring& keyring, const v1::Member& member) {
  v1::Member personal;
  personal.set_display_name(member.display_name());
  personal.set_email(member.email());
  personal.set_phone(member.phone());
  SealedPii sealed{keyring.current_key_id(), {}};
  ASSIGN_OR_RETURN(sealed.sealed, keyring.Seal(personal.SerializeAsString(), member.member_id()));
  return sealed;
}

absl::Status OpenPii(const PiiKeyring& keyring, const SealedPii& sealed, v1::Member& member) {
  ASSIGN_OR_RETURN(const std::string plaintext,
                   keyring.Open(sealed.key_id, sealed.sealed, member.member_id()));
  v1::Member personal;
  if (!personal.ParseFromString(plaintext)) {
    return absl::DataLossError("pii: sealed personal data does not parse");
  }
  member.set_display_name(personal.display_name());
  member.set_email(personal.email());
  member.set_phone(personal.phone());
  return absl::OkStatus();
}

}  // namespace coalition::account
