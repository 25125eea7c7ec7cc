#include "partner-gateway/api_keys.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/common/fingerprint.h"
#include "services/common/validation.h"

namespace coalition::gateway {
namespace {

std::string Hex(const unsigned char* bytes, size_t size) {
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(bytes), size));
}

std::string Utc(absl::Time time) {
  return absl::FormatTime(absl::RFC3339_sec, time, absl::UTCTimeZone());
}

}  // namespace

absl::StatusOr<ApiKeyToken> ParseApiKeyToken(absl::string_view token) {
  const size_t dot = token.find('.');
  if (dot == absl::string_view::npos || dot == 0 || dot + 1 == token.size()) {
    return absl::UnauthenticatedError(
        absl::StrCat(kApiKeyMetadata, ": not an API key (expected <key_id>.<secret>)"));
  }
  ApiKeyToken parsed{std::string(token.substr(0, dot)), std::string(token.substr(dot + 1))};
  if (absl::Status valid = ValidateId("key_id", parsed.key_id); !valid.ok()) {
    return absl::UnauthenticatedError(absl::StrCat(kApiKeyMetadata, ": ", valid.message()));
  }
  return parsed;
}

std::string ApiKeySecret(absl::string_view issuing_secret, absl::string_view key_id) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac;
  unsigned int size = 0;
  HMAC(EVP_sha256(), issuing_secret.data(), static_cast<int>(issuing_secret.size()),
       reinterpret_cast<const unsigned char*>(key_id.data()), key_id.size(), mac.data(), &size);
  return Hex(mac.data(), size);
}

std::string NewSaltHex() {
  std::array<unsigned char, 16> salt;
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) std::abort();
  return Hex(salt.data(), salt.size());
}

std::string SaltedSha256Hex(absl::string_view salt_hex, absl::string_view secret) {
  return Sha256Hex(absl::StrCat(salt_hex, secret));
}

absl::Status CheckApiKey(const StoredApiKey& key, absl::string_view secret, absl::Time now) {
  const std::string hash = SaltedSha256Hex(key.salt_hex, secret);
  // Constant time, so the comparison does not tell how much of a guess was right.
  if (hash.size() != key.secret_sha256_hex.size() ||
      CRYPTO_memcmp(hash.data(), key.secret_sha256_hex.data(), hash.size()) != 0) {
    return absl::UnauthenticatedError(
        absl::StrCat(kApiKeyMetadata, ": wrong secret for API key '", key.key_id, "'"));
  }
  if (key.revoke_time.has_value()) {
    return absl::UnauthenticatedError(absl::StrCat(kApiKeyMetadata, ": API key '", key.key_id,
                                                   "' was revoked at ", Utc(*key.revoke_time)));
  }
  if (now >= key.expire_time) {
    return absl::UnauthenticatedError(absl::StrCat(kApiKeyMetadata, ": API key '", key.key_id,
                                                   "' expired at ", Utc(key.expire_time)));
  }
  return absl::OkStatus();
}

}  // namespace coalition::gateway
