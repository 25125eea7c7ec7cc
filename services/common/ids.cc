#include "services/common/ids.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/common/fingerprint.h"

namespace coalition {
namespace {

std::string Hex(const unsigned char* bytes, size_t size) {
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(bytes), size));
}

}  // namespace

std::string NewId(absl::string_view prefix) {
  std::array<unsigned char, 16> bytes;
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    std::abort();  // no entropy: nothing safe to hand out
  }
  return absl::StrCat(prefix, "_", Hex(bytes.data(), bytes.size()));
}

std::string DerivedId(absl::string_view prefix, std::initializer_list<absl::string_view> parts) {
  std::string joined;
  for (absl::string_view part : parts) {
    // Length-prefixed so ("ab","c") and ("a","bc") differ.
    absl::StrAppend(&joined, part.size(), ":", part, ";");
  }
  return absl::StrCat(prefix, "_", Sha256Hex(joined).substr(0, 32));
}

std::string IdDeriver::Derive(absl::string_view prefix,
                              std::initializer_list<absl::string_view> parts) const {
  std::string joined(prefix);
  for (absl::string_view part : parts) {
    // Length-prefixed so ("ab","c") and ("a","bc") differ.
    absl::StrAppend(&joined, ";", part.size(), ":", part);
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac;
  unsigned int mac_size = 0;
  if (HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
           reinterpret_cast<const unsigned char*>(joined.data()), joined.size(), mac.data(),
           &mac_size) == nullptr) {
    std::abort();  // OpenSSL cannot compute SHA-256: nothing safe to hand out
  }
  return absl::StrCat(prefix, "_", Hex(mac.data(), 16));
}

}  // namespace coalition
