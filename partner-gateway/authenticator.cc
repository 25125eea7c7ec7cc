#include "partner-gateway/authenticator.h"

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

absl::StatusOr<Identity> Authenticator::Identify(const grpc::ServerContextBase& context) {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth != nullptr && !auth->FindPropertyValues("x509_pem_cert").empty()) {
    return certificates_.IdentityOf(*auth);
  }
  if (const std::optional<std::string> token = Metadata(context, kApiKeyMetadata)) {
    return IdentifyByKey(*token);
  }
  return absl::UnauthenticatedError(
      absl::StrCat("a client certificate is required (mutual TLS), or an API key in the ",
                   kApiKeyMetadata, " metadata"));
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
  if (auto cached = cache_.Find(key_id, now)) return *cached;
  ASSIGN_OR_RETURN(std::optional<StoredApiKey> key, keys_.Find(key_id));
  cache_.Put(key_id, key, now);
  return key;
}

void Authenticator::Forget(const std::string& key_id) { cache_.Forget(key_id); }

}  // namespace coalition::gateway
