// Encryption of personal data at rest: AES-256-GCM (OpenSSL EVP) under a keyring of named keys.
// New data is sealed with the current key; data sealed with an older key opens as long as that
// key is still in the ring, which is what makes rotation possible: add a new key as current,
// re-seal what the old one sealed, then drop the old one.
//
// The ring comes from a file (--pii_keys_file) or the COALITION_PII_KEYS environment variable,
// never from the repository: entries "key_id:64 hex digits", separated by newlines or commas,
// the last one current. Generate a key with `openssl rand -hex 32`.
//
//   ASSIGN_OR_RETURN(PiiKeyring ring, PiiKeyring::Parse("k2024:9f86...,k2025:3c1a..."));
//   ASSIGN_OR_RETURN(std::string sealed, ring.Seal(plaintext, /*bound_to=*/member_id));
//   ASSIGN_OR_RETURN(std::string opened, ring.Open(ring.current_key_id(), sealed, member_id));
#pragma once

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace coalition {

class PiiKeyring {
 public:
  static constexpr int kKeyBytes = 32;
  static constexpr int kNonceBytes = 12;
  static constexpr int kTagBytes = 16;

  // INVALID_ARGUMENT naming the entry that is malformed; at least one key is required.
  static absl::StatusOr<PiiKeyring> Parse(absl::string_view entries);
  // From the file if `file` is not empty, else from COALITION_PII_KEYS; FAILED_PRECONDITION when
  // neither is given.
  static absl::StatusOr<PiiKeyring> Load(const std::string& file);

  const std::string& current_key_id() const { return current_key_id_; }
  bool Has(absl::string_view key_id) const { return keys_.contains(key_id); }

  // nonce | ciphertext | tag, under the current key, with a fresh random nonce. `bound_to` (the
  // row's id) is authenticated with it, so sealed data copied to another row does not open.
  absl::StatusOr<std::string> Seal(absl::string_view plaintext, absl::string_view bound_to) const;
  // FAILED_PRECONDITION if `key_id` is not in the ring; DATA_LOSS if the data was altered, or
  // was sealed for another row.
  absl::StatusOr<std::string> Open(absl::string_view key_id, absl::string_view sealed,
                                   absl::string_view bound_to) const;

 private:
  absl::flat_hash_map<std::string, std::string> keys_;  // id -> 32 raw bytes
  std::string current_key_id_;
};

}  // namespace coalition
