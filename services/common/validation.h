// Checks of request fields. Each failure is INVALID_ARGUMENT with a message that starts with the
// field's name and says what is wrong, e.g. "amount_minor: must be greater than 0, got -5".
#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/limits.h"

namespace coalition {

// Client idempotency keys: 1-128 of [A-Za-z0-9._:-].
absl::Status ValidateRequestId(absl::string_view field, absl::string_view value);

// Coalition-assigned ids and partner slugs: 1-64 of [A-Za-z0-9._-].
absl::Status ValidateId(absl::string_view field, absl::string_view value);

// A new partner's id: a lowercase slug, 2-40 of [a-z0-9-], starting with a letter.
absl::Status ValidatePartnerSlug(absl::string_view field, absl::string_view value);

// ISO 4217 style: three uppercase letters.
absl::Status ValidateCurrency(absl::string_view field, absl::string_view value);

// 1 <= value <= max.
absl::Status ValidatePositive(absl::string_view field, int64_t value, int64_t max);

// Free text such as names: at most `max_length` bytes of printable UTF-8 (no control bytes).
absl::Status ValidateText(absl::string_view field, absl::string_view value, size_t max_length,
                          bool required);

// An optional phone number in E.164 form: '+' and 8 to 15 digits.
absl::Status ValidatePhone(absl::string_view field, absl::string_view value);

}  // namespace coalition
