// Who is calling: the client certificate if one was presented, otherwise an API key in the
// `x-api-key` metadata (partners that cannot do mutual TLS).
//
// Presented keys are looked up through a short cache, so a flood of calls does not become a flood
// of reads; a revocation on another gateway therefore takes effect here within kKeyCacheTime, and
// on this gateway at once (Forget).
//
// Only a known key with its right secret is answered from memory for free. Every other attempt
// -- a key id not in memory, a wrong secret, no credentials -- first takes a token from its
// peer's bucket (the client's address without the port), and past that limit is refused with
// RESOURCE_EXHAUSTED before any lookup: guessing key ids or secrets costs at most the limit's
// reads a second per address, whatever the guesses.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"
#include "partner-gateway/store/api_key_store.h"
#include "partner-gateway/identity.h"
#include "partner-gateway/rate_limiter.h"
#include "partner-gateway/ttl_cache.h"
#include "services/common/clock.h"

namespace coalition::gateway {

inline constexpr absl::Duration kKeyCacheTime = absl::Seconds(2);

// "ipv4:10.0.0.7" from gRPC's "ipv4:10.0.0.7:51234" ("ipv6:[::1]" from "ipv6:[::1]:51234"): one
// client, whichever port each of its connections came from.
std::string PeerAddress(absl::string_view peer);

class Authenticator {
 public:
  // `attempts` limits the attempts that are not authenticated, by peer address.
  Authenticator(const CertificateVerifier& certificates, ApiKeyStore& keys, RateLimiter& attempts,
                const Clock& clock)
      : certificates_(certificates), keys_(keys), attempts_(attempts), clock_(clock) {}

  // UNAUTHENTICATED, saying why, when neither identifies the caller; RESOURCE_EXHAUSTED (with
  // RetryAfterMs) when its address is over its attempts.
  absl::StatusOr<Identity> Identify(const grpc::ServerContextBase& context);

  // Drops a key from the cache after this gateway changed it.
  void Forget(const std::string& key_id);

 private:
  // The key's identity if it is in memory and `token` has its right secret.
  std::optional<Identity> KnownKey(absl::string_view token);
  absl::StatusOr<Identity> IdentifyByKey(absl::string_view token);
  absl::StatusOr<std::optional<StoredApiKey>> Lookup(const std::string& key_id);

  const CertificateVerifier& certificates_;
  ApiKeyStore& keys_;
  RateLimiter& attempts_;
  const Clock& clock_;
  // By key id. Unknown ids have a smaller cache of their own, so guesses (however many peers
  // send them) never push the real keys out.
  TtlCache<StoredApiKey> known_{kKeyCacheTime, 100'000};
  TtlCache<bool> unknown_{kKeyCacheTime, 10'000};
};

}  // namespace coalition::gateway
