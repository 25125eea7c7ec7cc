// Who is calling: the client certificate if one was presented, otherwise an API key in the
// `x-api-key` metadata (partners that cannot do mutual TLS).
//
// Presented keys are looked up through a short cache, so a flood of calls does not become a flood
// of reads; a revocation on another gateway therefore takes effect here within kKeyCacheTime, and
// on this gateway at once (Forget).
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"
#include "partner-gateway/api_key_store.h"
#include "partner-gateway/identity.h"
#include "partner-gateway/ttl_cache.h"
#include "services/common/clock.h"

namespace coalition::gateway {

inline constexpr absl::Duration kKeyCacheTime = absl::Seconds(2);

class Authenticator {
 public:
  Authenticator(const CertificateVerifier& certificates, ApiKeyStore& keys, const Clock& clock)
      : certificates_(certificates), keys_(keys), clock_(clock) {}

  // UNAUTHENTICATED, saying why, when neither identifies the caller.
  absl::StatusOr<Identity> Identify(const grpc::ServerContextBase& context);

  // Drops a key from the cache after this gateway changed it.
  void Forget(const std::string& key_id);

 private:
  absl::StatusOr<Identity> IdentifyByKey(absl::string_view token);
  absl::StatusOr<std::optional<StoredApiKey>> Lookup(const std::string& key_id);

  const CertificateVerifier& certificates_;
  ApiKeyStore& keys_;
  const Clock& clock_;
  // By key id; nullopt: no such key (cached too, against guessing floods).
  TtlCache<std::optional<StoredApiKey>> cache_{kKeyCacheTime, 100'000};
};

}  // namespace coalition::gateway
