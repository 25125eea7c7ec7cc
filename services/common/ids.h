// Identifiers the coalition assigns: a short prefix naming the kind, then hex.
//
//   NewId("mbr")                         -> "mbr_9f86d081884c7d65..." (random)
//   DerivedId("hld", {caller, request})  -> the same id for the same parts, every time
#pragma once

#include <initializer_list>
#include <string>

#include "absl/strings/string_view.h"

namespace coalition {

// 128 random bits from OpenSSL's CSPRNG.
std::string NewId(absl::string_view prefix);

// 128 bits of SHA-256 over the parts, so a retried request maps to the id it had the first time.
std::string DerivedId(absl::string_view prefix, std::initializer_list<absl::string_view> parts);

}  // namespace coalition
