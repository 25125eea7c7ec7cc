#include "services/common/pii_keyring.h"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "openssl/evp.h"
#include "openssl/rand.h"

namespace coalition {
namespace {

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

const unsigned char* Bytes(absl::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}
unsigned char* Bytes(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }
int Length(absl::string_view text) { return static_cast<int>(text.size()); }

}  // namespace

absl::StatusOr<PiiKeyring> PiiKeyring::Parse(absl::string_view entries) {
  PiiKeyring ring;
  for (absl::string_view entry :
       absl::StrSplit(entries, absl::ByAnyChar(",\n"), absl::SkipWhitespace())) {
    entry = absl::StripAsciiWhitespace(entry);
    const std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(entry, ':');
    const std::string key_id(parts.first);
    const bool valid_id = !key_id.empty() && key_id.size() <= 40 &&
                          key_id.find_first_not_of(
                              "abcdefghijklmnopqrstuvwxyz"
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == std::string::npos;
    const bool valid_hex =
        parts.second.size() == 2 * kKeyBytes &&
        parts.second.find_first_not_of("0123456789abcdefABCDEF") == absl::string_view::npos;
    if (!valid_id || !valid_hex) {
      return absl::InvalidArgumentError(absl::StrCat(
          "pii keys: entry '", key_id,
          "' must be key_id:64 hex digits (key_id: letters, digits, '-' or '_', at most 40)"));
    }
    if (ring.keys_.contains(key_id)) {
      return absl::InvalidArgumentError(absl::StrCat("pii keys: key id '", key_id, "' is twice"));
    }
    ring.keys_[key_id] = absl::HexStringToBytes(parts.second);
    ring.current_key_id_ = key_id;
  }
  if (ring.keys_.empty()) return absl::InvalidArgumentError("pii keys: no key given");
  return ring;
}

absl::StatusOr<PiiKeyring> PiiKeyring::Load(const std::string& file) {
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in)
      return absl::FailedPreconditionError(absl::StrCat("pii_keys_file: cannot read '", file, "'"));
    std::stringstream text;
    text << in.rdbuf();
    return Parse(text.str());
  }
  if (const char* entries = std::getenv("COALITION_PII_KEYS"); entries != nullptr) {
    return Parse(entries);
  }
  return absl::FailedPreconditionError(
      "pii_keys_file: personal data is encrypted at rest; give a key ring with --pii_keys_file "
      "or COALITION_PII_KEYS (entries key_id:hex, e.g. from `openssl rand -hex 32`)");
}

absl::StatusOr<std::string> PiiKeyring::Seal(absl::string_view plaintext,
                                             absl::string_view bound_to) const {
  const std::string& key = keys_.at(current_key_id_);
  std::string sealed(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  if (RAND_bytes(Bytes(sealed), kNonceBytes) != 1) {
    return absl::InternalError("pii: no random nonce from OpenSSL");
  }
  CipherContext context(EVP_CIPHER_CTX_new());
  int written = 0;
  int final_written = 0;
  const bool ok =
      context != nullptr &&
      EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, Bytes(key), Bytes(sealed)) ==
          1 &&
      EVP_EncryptUpdate(context.get(), nullptr, &written, Bytes(bound_to), Length(bound_to)) == 1 &&
      EVP_EncryptUpdate(context.get(), Bytes(sealed) + kNonceBytes, &written, Bytes(plaintext),
                        Length(plaintext)) == 1 &&
      EVP_EncryptFinal_ex(context.get(), Bytes(sealed) + kNonceBytes + written, &final_written) ==
          1 &&
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                          Bytes(sealed) + kNonceBytes + plaintext.size()) == 1;
  if (!ok) return absl::InternalError("pii: AES-256-GCM encryption failed");
  return sealed;
}

absl::StatusOr<std::string> PiiKeyring::Open(absl::string_view key_id, absl::string_view sealed,
                                             absl::string_view bound_to) const {
  auto key = keys_.find(key_id);
  if (key == keys_.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("pii: key '", key_id, "' is not in the key ring (rotated out too early?)"));
  }
  if (sealed.size() < kNonceBytes + kTagBytes) {
    return absl::DataLossError("pii: sealed data is too short");
  }
  const absl::string_view nonce = sealed.substr(0, kNonceBytes);
  const absl::string_view ciphertext =
      sealed.substr(kNonceBytes, sealed.size() - kNonceBytes - kTagBytes);
  std::string tag(sealed.substr(sealed.size() - kTagBytes));
  std::string plaintext(ciphertext.size(), '\0');
  CipherContext context(EVP_CIPHER_CTX_new());
  int written = 0;
  int final_written = 0;
  const bool set_up =
      context != nullptr &&
      EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, Bytes(key->second),
                         Bytes(nonce)) == 1 &&
      EVP_DecryptUpdate(context.get(), nullptr, &written, Bytes(bound_to), Length(bound_to)) == 1 &&
      EVP_DecryptUpdate(context.get(), Bytes(plaintext), &written, Bytes(ciphertext),
                        Length(ciphertext)) == 1 &&
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, Bytes(tag)) == 1;
  if (!set_up) return absl::InternalError("pii: AES-256-GCM decryption failed");
  if (EVP_DecryptFinal_ex(context.get(), Bytes(plaintext) + written, &final_written) != 1) {
    return absl::DataLossError("pii: sealed data does not authenticate (altered or misplaced)");
  }
  return plaintext;
}

}  // namespace coalition
