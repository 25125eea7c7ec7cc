// Loyalty card numbers: 8 to 19 digits whose last digit is a Luhn check digit (ISO/IEC 7812), so
// a mistyped digit at a till is caught before any lookup.
//
//   if (!IsValidCardNumber(number)) return absl::InvalidArgumentError(...);
//   std::string issued = NewCardNumber();  // "6" + 14 random digits + check digit
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace coalition {

bool IsValidCardNumber(absl::string_view number);

// A fresh 16-digit card number starting with 6; random, so numbers cannot be guessed in turn.
std::string NewCardNumber();

}  // namespace coalition
