#include "services/common/card_number.h"

#include <openssl/rand.h>

#include <array>
#include <cstdlib>

#include "absl/strings/ascii.h"

namespace coalition {
namespace {

// The Luhn check digit for `payload` (the number without its last digit).
char LuhnCheckDigit(absl::string_view payload) {
  int sum = 0;
  bool doubled = true;  // the payload's last digit is doubled
  for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
    int digit = *it - '0';
    if (doubled) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
    doubled = !doubled;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

}  // namespace

bool IsValidCardNumber(absl::string_view number) {
  if (number.size() < 8 || number.size() > 19) return false;
  for (char c : number) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return LuhnCheckDigit(number.substr(0, number.size() - 1)) == number.back();
}

std::string NewCardNumber() {
  std::array<unsigned char, 14> random;
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    std::abort();  // no entropy: nothing safe to hand out
  }
  std::string number = "6";
  for (unsigned char byte : random) number.push_back(static_cast<char>('0' + byte % 10));
  number.push_back(LuhnCheckDigit(number));
  return number;
}

}  // namespace coalition
