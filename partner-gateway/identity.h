// Who is calling through the gateway, from their client certificate: its subject's one CN is the
// identity the operator registered ("operator", "partner:<id>" or "mobile:<id>"), and the
// certificate must be meant for clients (the clientAuth extended key usage).
//
// The TLS handshake asks for a certificate without requiring one, and this verifies it against
// the coalition's CA itself: a missing certificate, or one from another CA, is then an
// UNAUTHENTICATED answer the caller can read, not a failed handshake.
//
//   CertificateVerifier verifier(ca_pem);
//   ASSIGN_OR_RETURN(Identity who, verifier.IdentityOf(presented_pem));  // the peer's x509_pem_cert
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "partner-gateway/ttl_cache.h"

namespace coalition::gateway {

enum class Role { kOperator, kPartner, kMobile };

struct Identity {
  Role role = Role::kPartner;
  std::string id;  // the partner id, the mobile backend's id, or "operator"
  // "operator", "partner:<id>" or "mobile:<id>": the key of everything kept per caller (rate
  // limits, idempotency, audit, stream caps), so a mobile backend named "operator" or like a
  // partner shares nothing with them.
  std::string caller;
};

// "operator", "partner", "mobile".
std::string RoleName(Role role);

// "operator", "partner:<id>", "mobile:<id>", where <id> is a partner slug (a-z, 0-9, -) and not
// a reserved name (operator, gateway, the services' names); INVALID_ARGUMENT otherwise.
absl::StatusOr<Identity> ParseIdentity(absl::string_view common_name);

// The identity a certificate names: UNAUTHENTICATED unless its subject has exactly one CN, with
// no NUL byte in it, and the certificate carries the clientAuth extended key usage. The
// certificate's signature is not checked here (CertificateVerifier does).
absl::StatusOr<Identity> IdentityOfCertificate(const std::string& pem);

class CertificateVerifier {
 public:
  // INVALID_ARGUMENT if `ca_pem` holds no certificate.
  static absl::StatusOr<std::unique_ptr<CertificateVerifier>> Create(const std::string& ca_pem);
  ~CertificateVerifier();

  // UNAUTHENTICATED without a certificate, with one the CA did not sign, or with a subject that
  // names no identity. A certificate's answer is kept for up to a minute: verifying a signature
  // on every call would let a flood of calls spend the gateway's CPU on it.
  // `pem` is the certificate the peer presented (gRPC's x509_pem_cert auth property), if any.
  absl::StatusOr<Identity> IdentityOf(const std::optional<std::string>& pem) const;

 private:
  struct Store;
  explicit CertificateVerifier(std::unique_ptr<Store> store);
  absl::StatusOr<Identity> Verify(const std::string& pem) const;

  std::unique_ptr<Store> store_;
  mutable TtlCache<absl::StatusOr<Identity>> verified_{absl::Minutes(1), 10'000};  // by PEM
};

}  // namespace coalition::gateway
