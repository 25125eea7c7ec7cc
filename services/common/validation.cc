#include "services/common/limits.h"
#include "services/common/validation.h"

#include "absl/strings/str_cat.h"

namespace coalition {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

// ASCII-only classes on plain char (absl::ascii_* want unsigned char).
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsLower(c) || IsUpper(c) || IsDigit(c); }

bool AllOf(absl::string_view value, bool (*allowed)(char)) {
  for (char c : value) {
    if (!allowed(c)) return false;
  }
  return true;
}

}  // namespace

absl::Status ValidateRequestId(absl::string_view field, absl::string_view value) {
  if (value.empty()) return Invalid(field, "is required (the client's idempotency key)");
  if (value.size() > kMaxRequestIdLength) {
    return Invalid(field, absl::StrCat("must be at most ", kMaxRequestIdLength, " characters"));
  }
  if (!AllOf(value,
             [](char c) { return IsAlnum(c) || c == '.' || c == '_' || c == ':' || c == '-'; })) {
    return Invalid(field, "may contain only letters, digits and . _ : -");
  }
  return absl::OkStatus();
}

absl::Status ValidateId(absl::string_view field, absl::string_view value) {
  if (value.empty()) return Invalid(field, "is required");
  if (value.size() > 64) return Invalid(field, "must be at most 64 characters");
  if (!AllOf(value, [](char c) { return IsAlnum(c) || c == '.' || c == '_' || c == '-'; })) {
    return Invalid(field, "may contain only letters, digits and . _ -");
  }
  return absl::OkStatus();
}

absl::Status ValidatePartnerSlug(absl::string_view field, absl::string_view value) {
  if (value.size() < 2 || value.size() > 40) return Invalid(field, "must be 2-40 characters");
  if (!IsLower(value.front())) return Invalid(field, "must start with a-z");
  if (!AllOf(value, [](char c) { return IsLower(c) || IsDigit(c) || c == '-'; })) {
    return Invalid(field, "may contain only a-z, 0-9 and -");
  }
  return absl::OkStatus();
}

absl::Status ValidateCurrency(absl::string_view field, absl::string_view value) {
  if (value.size() != 3 || !AllOf(value, [](char c) { return IsUpper(c); })) {
    return Invalid(
        field, absl::StrCat("must be a three-letter ISO 4217 code such as EUR, got '", value, "'"));
  }
  return absl::OkStatus();
}

absl::Status ValidatePositive(absl::string_view field, int64_t value, int64_t max) {
  if (value <= 0) return Invalid(field, absl::StrCat("must be greater than 0, got ", value));
  if (value > max) return Invalid(field, absl::StrCat("must be at most ", max, ", got ", value));
  return absl::OkStatus();
}

absl::Status ValidateText(absl::string_view field, absl::string_view value, size_t max_length,
                          bool required) {
  if (required && value.empty()) return Invalid(field, "is required");
  if (value.size() > max_length) {
    return Invalid(field, absl::StrCat("must be at most ", max_length, " bytes"));
  }
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Invalid(field, "must not contain control characters");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidatePhone(absl::string_view field, absl::string_view value) {
  if (value.empty()) return absl::OkStatus();
  const absl::string_view digits = value.substr(1);
  const bool valid = value[0] == '+' && digits.size() >= 8 && digits.size() <= 15 &&
                     digits.find_first_not_of("0123456789") == absl::string_view::npos;
  if (valid) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": must be in E.164 form, '+' and 8 to 15 digits"));
}

}  // namespace coalition
