// API keys, for partners that cannot do mutual TLS. A key is "<key_id>.<secret>", sent as the
// `x-api-key` metadata over (server-authenticated) TLS.
//
// The secret is HMAC-SHA256(issuing secret, key_id): the gateway can hand the same key to a
// retried IssueApiKey without storing it. The database keeps only a random salt and
// SHA-256(salt || secret), so a copy of the database alone lets no one call as anyone.
//
//   const std::string secret = ApiKeySecret(issuing_secret, key_id);
//   RETURN_IF_ERROR(CheckApiKey(stored, secret, clock.Now()));
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace coalition::gateway {

inline constexpr absl::string_view kApiKeyMetadata = "x-api-key";

// What the gateway stores of a key.
struct StoredApiKey {
  std::string key_id;
  std::string identity;  // "partner:<id>" or "mobile:<id>"
  std::string salt_hex;
  std::string secret_sha256_hex;
  absl::Time expire_time;
  std::optional<absl::Time> revoke_time;
};

struct ApiKeyToken {
  std::string key_id;
  std::string secret;
};

// UNAUTHENTICATED unless `token` is "<key_id>.<secret>".
absl::StatusOr<ApiKeyToken> ParseApiKeyToken(absl::string_view token);

// 64 hex characters.
std::string ApiKeySecret(absl::string_view issuing_secret, absl::string_view key_id);

std::string NewSaltHex();
std::string SaltedSha256Hex(absl::string_view salt_hex, absl::string_view secret);

// OK if `secret` matches and the key is neither revoked nor expired at `now`; UNAUTHENTICATED
// saying which otherwise.
absl::Status CheckApiKey(const StoredApiKey& key, absl::string_view secret, absl::Time now);

}  // namespace coalition::gateway
