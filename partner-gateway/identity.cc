#include "partner-gateway/identity.h"

#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::gateway {
namespace {

struct X509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr ParsePem(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509Ptr certificate(PEM_read_bio_X509(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  return certificate;
}

// The subject's one common name, as UTF-8. A second CN, or a NUL inside one, is refused: a
// C-string read of "operator\0.partner:hotel" would see "operator", and with two CNs which one
// counts depends on who reads it.
absl::StatusOr<std::string> CommonName(X509* certificate) {
  X509_NAME* subject = X509_get_subject_name(certificate);
  const int first = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (first < 0) return absl::UnauthenticatedError("client certificate: its subject has no CN");
  if (X509_NAME_get_index_by_NID(subject, NID_commonName, first) >= 0) {
    return absl::UnauthenticatedError("client certificate: its subject has more than one CN");
  }
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, first));
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, value);
  if (length < 0) return absl::UnauthenticatedError("client certificate: unreadable CN");
  std::string name(reinterpret_cast<const char*>(utf8), static_cast<size_t>(length));
  OPENSSL_free(utf8);
  if (name.find('\0') != std::string::npos) {
    return absl::UnauthenticatedError("client certificate: its CN holds a NUL byte");
  }
  return name;
}

// The names an identity's id may not take: they read as someone else in logs and audit records.
bool IsReserved(absl::string_view id) {
  for (absl::string_view reserved : {"operator", "gateway", "coalition", "account", "earning",
                                     "redemption", "settlement", "admin", "system", "root"}) {
    if (id == reserved) return true;
  }
  return false;
}

// The identity `certificate` names, if it is meant for clients.
absl::StatusOr<Identity> ClientIdentity(X509* certificate) {
  const bool client_auth = (X509_get_extension_flags(certificate) & EXFLAG_XKUSAGE) != 0 &&
                           (X509_get_extended_key_usage(certificate) & XKU_SSL_CLIENT) != 0;
  if (!client_auth) {
    return absl::UnauthenticatedError(
        "client certificate: it lacks the clientAuth extended key usage");
  }
  ASSIGN_OR_RETURN(const std::string common_name, CommonName(certificate));
  absl::StatusOr<Identity> identity = ParseIdentity(common_name);
  if (!identity.ok()) {
    return absl::UnauthenticatedError(
        absl::StrCat("client certificate: ", identity.status().message()));
  }
  return identity;
}

}  // namespace

std::string RoleName(Role role) {
  switch (role) {
    case Role::kOperator:
      return "operator";
    case Role::kPartner:
      return "partner";
    case Role::kMobile:
      return "mobile";
  }
  return "";
}

absl::StatusOr<Identity> ParseIdentity(absl::string_view common_name) {
  if (common_name == "operator") return Identity{Role::kOperator, "operator", "operator"};
  for (const auto& [prefix, role] : {std::pair{absl::string_view("partner:"), Role::kPartner},
                                     std::pair{absl::string_view("mobile:"), Role::kMobile}}) {
    if (!absl::StartsWith(common_name, prefix)) continue;
    const std::string id(common_name.substr(prefix.size()));
    RETURN_IF_ERROR(ValidatePartnerSlug("identity", id));
    if (IsReserved(id)) {
      return absl::InvalidArgumentError(absl::StrCat("identity: '", id, "' is a reserved name"));
    }
    return Identity{role, id, std::string(common_name)};
  }
  return absl::InvalidArgumentError(
      absl::StrCat("identity: '", common_name,
                   "' names no identity (operator, partner:<id> or mobile:<id>)"));
}

absl::StatusOr<Identity> IdentityOfCertificate(const std::string& pem) {
  X509Ptr certificate = ParsePem(pem);
  if (certificate == nullptr) return absl::UnauthenticatedError("unreadable client certificate");
  return ClientIdentity(certificate.get());
}

struct CertificateVerifier::Store {
  X509_STORE* store = X509_STORE_new();
  ~Store() { X509_STORE_free(store); }
};

CertificateVerifier::CertificateVerifier(std::unique_ptr<Store> store) : store_(std::move(store)) {}
CertificateVerifier::~CertificateVerifier() = default;

absl::StatusOr<std::unique_ptr<CertificateVerifier>> CertificateVerifier::Create(
    const std::string& ca_pem) {
  X509Ptr ca = ParsePem(ca_pem);
  if (ca == nullptr) return absl::InvalidArgumentError("the CA file holds no PEM certificate");
  auto store = std::make_unique<Store>();
  X509_STORE_add_cert(store->store, ca.get());
  return std::unique_ptr<CertificateVerifier>(new CertificateVerifier(std::move(store)));
}

absl::StatusOr<Identity> CertificateVerifier::IdentityOf(
    const std::optional<std::string>& presented) const {
  if (!presented) {
    return absl::UnauthenticatedError("a client certificate is required (mutual TLS)");
  }
  const std::string& pem = *presented;
  const absl::Time now = absl::Now();  // certificates expire in real time, not business time
  if (auto verified = verified_.Find(pem, now)) return *verified;
  absl::StatusOr<Identity> identity = Verify(pem);
  verified_.Put(pem, identity, now);
  return identity;
}

absl::StatusOr<Identity> CertificateVerifier::Verify(const std::string& pem) const {
  X509Ptr certificate = ParsePem(pem);
  if (certificate == nullptr) return absl::UnauthenticatedError("unreadable client certificate");
  X509_STORE_CTX* context = X509_STORE_CTX_new();
  X509_STORE_CTX_init(context, store_->store, certificate.get(), nullptr);
  const bool verified = X509_verify_cert(context) == 1;
  const int error = X509_STORE_CTX_get_error(context);
  X509_STORE_CTX_free(context);
  if (!verified) {
    return absl::UnauthenticatedError(
        absl::StrCat("client certificate not issued by the coalition's CA: ",
                     X509_verify_cert_error_string(error)));
  }
  return ClientIdentity(certificate.get());
}

}  // namespace coalition::gateway
