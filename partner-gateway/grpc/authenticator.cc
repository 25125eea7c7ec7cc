#include "partner-gateway/grpc/authenticator.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace coalition::gateway {
namespace {

std::optional<std::string> Metadata(const grpc::ServerContextBase& context,
                                    absl::string_view name) {
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find(grpc::string_ref(name.data(), name.size()));
  if (it == metadata.end()) return std::nullopt;
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

std::string PeerAddress(absl::string_view peer) {
  if (!absl::StartsWith(peer, "ipv4:") && !absl::StartsWith(peer, "ipv6:")) {
    return std::string(peer);
  }
  const size_t port = peer.rfind(':');
  return std::string(peer.substr(0, port));
}

absl::StatusOr<Identity> Authenticator::Identify(const grpc::ServerContextBase& context) {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth != nullptr) {
    if (const auto pems = auth->FindPropertyValues("x509_pem_cert"); !pems.empty()) {
      // The handshake made the client prove it holds the certificate's key, and the answer is
      // cached per certificate: no guessing is cheap here.
      return certificates_.IdentityOf(std::string(pems.front().data(), pems.front().size()));
    }
  }
  const std::optional<std::string> token = Metadata(context, kApiKeyMetadata);
  if (token) {
    if (std::optional<Identity> known = KnownKey(*token)) return *known;
  }
  const std::string peer = PeerAddress(context.peer());
  if (const RateLimiter::Result taken = attempts_.Take(peer); taken.wait > absl::ZeroDuration()) {
    return OverLimit(absl::StrCat("too many attempts without a valid credential from ", peer),
                     taken);
  }
  if (token) return IdentifyByKey(*token);
  return absl::UnauthenticatedError(
      absl::StrCat("a client certificate is required (mutual TLS), or an API key in the ",
                   kApiKeyMetadata, " metadata"));
}

std::optional<Identity> Authenticator::KnownKey(absl::string_view token) {
  const absl::StatusOr<ApiKeyToken> parsed = ParseApiKeyToken(token);
  if (!parsed.ok()) return std::nullopt;
  const absl::Time now = clock_.Now();
  const std::optional<StoredApiKey> key = known_.Find(parsed->key_id, now);
  if (!key || !CheckApiKey(*key, parsed->secret, now).ok()) return std::nullopt;
  absl::StatusOr<Identity> identity = ParseIdentity(key->identity);
  if (!identity.ok()) return std::nullopt;
  return *std::move(identity);
}

absl::StatusOr<Identity> Authenticator::IdentifyByKey(absl::string_view token) {
  ASSIGN_OR_RETURN(const ApiKeyToken parsed, ParseApiKeyToken(token));
  ASSIGN_OR_RETURN(const std::optional<StoredApiKey> key, Lookup(parsed.key_id));
  if (!key) {
    return absl::UnauthenticatedError(
        absl::StrCat(kApiKeyMetadata, ": no API key '", parsed.key_id, "'"));
  }
  RETURN_IF_ERROR(CheckApiKey(*key, parsed.secret, clock_.Now()));
  absl::StatusOr<Identity> identity = ParseIdentity(key->identity);
  if (!identity.ok()) return absl::UnauthenticatedError(identity.status().message());
  return identity;
}

absl::StatusOr<std::optional<StoredApiKey>> Authenticator::Lookup(const std::string& key_id) {
  const absl::Time now = clock_.Now();
  if (std::optional<StoredApiKey> known = known_.Find(key_id, now)) return known;
  if (unknown_.Find(key_id, now)) return std::nullopt;
  ASSIGN_OR_RETURN(std::optional<StoredApiKey> key, keys_.Find(key_id));
  if (key) {
    known_.Put(key_id, *key, now);
  } else {
    unknown_.Put(key_id, true, now);
  }
  return key;
}

void Authenticator::Forget(const std::string& key_id) {
  known_.Forget(key_id);
  unknown_.Forget(key_id);
}

}  // namespace coalition::gateway
