// Identifiers the coalition assigns: a short prefix naming the kind, then hex.
//
//   NewId("mbr")                           -> "mbr_9f86d081884c7d65..." (random)
//   ids.Derive("hld", {caller, request})   -> the same id for the same parts, every time, and
//                                             no one without the service's secret can compute it
#pragma once

#include <initializer_list>
#include <string>

#include "absl/strings/string_view.h"

namespace coalition {

// 128 random bits from OpenSSL's CSPRNG.
std::string NewId(absl::string_view prefix);

// 128 bits of SHA-256 over the parts: for ids no one addresses anything by (an API key's id,
// a transfer's); an id a partner can address an object with is derived with IdDeriver instead.
std::string DerivedId(absl::string_view prefix, std::initializer_list<absl::string_view> parts);

// Ids derived from a client's idempotency key, so a retried request maps to the id it had the
// first time and two racing copies of one request post under one ledger key. The derivation is
// keyed (HMAC-SHA256) by a secret only the service holds (mariadb::ServiceSecret): a partner
// that guesses another's request ids still cannot compute the ids of its holds or redemptions.
class IdDeriver {
 public:
  explicit IdDeriver(std::string secret) : secret_(std::move(secret)) {}

  // 128 bits of HMAC-SHA256 over the length-prefixed parts.
  std::string Derive(absl::string_view prefix,
                     std::initializer_list<absl::string_view> parts) const;

 private:
  std::string secret_;
};

}  // namespace coalition
