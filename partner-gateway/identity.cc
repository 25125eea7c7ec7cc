#include "partner-gateway/identity.h"

#include <openssl/pem.h>
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

std::string CommonName(X509* certificate) {
  char name[256] = {0};
  X509_NAME_get_text_by_NID(X509_get_subject_name(certificate), NID_commonName, name,
                            sizeof(name) - 1);
  return name;
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
  if (common_name == "operator") return Identity{Role::kOperator, "operator"};
  for (const auto& [prefix, role] : {std::pair{absl::string_view("partner:"), Role::kPartner},
                                     std::pair{absl::string_view("mobile:"), Role::kMobile}}) {
    if (!absl::StartsWith(common_name, prefix)) continue;
    const std::string id(common_name.substr(prefix.size()));
    RETURN_IF_ERROR(ValidateId("certificate subject", id));
    return Identity{role, id};
  }
  return absl::InvalidArgumentError(
      absl::StrCat("certificate subject: '", common_name,
                   "' names no identity (operator, partner:<id> or mobile:<id>)"));
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

absl::StatusOr<Identity> CertificateVerifier::IdentityOf(const grpc::AuthContext& auth) const {
  const std::vector<grpc::string_ref> pems = auth.FindPropertyValues("x509_pem_cert");
  if (pems.empty()) {
    return absl::UnauthenticatedError("a client certificate is required (mutual TLS)");
  }
  const std::string pem(pems.front().data(), pems.front().size());
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
  absl::StatusOr<Identity> identity = ParseIdentity(CommonName(certificate.get()));
  if (!identity.ok()) return absl::UnauthenticatedError(identity.status().message());
  return identity;
}

}  // namespace coalition::gateway
