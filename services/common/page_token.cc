#include "services/common/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace coalition {
namespace {
constexpr absl::string_view kPrefix = "v1:";
}

std::string EncodePageToken(int64_t cursor) {
  return absl::WebSafeBase64Escape(absl::StrCat(kPrefix, cursor));
}

absl::StatusOr<std::optional<int64_t>> DecodePageToken(absl::string_view token) {
  if (token.empty()) return std::nullopt;
  std::string raw;
  int64_t cursor = 0;
  absl::string_view number;
  const bool decoded = absl::WebSafeBase64Unescape(token, &raw);
  number = raw;
  if (!decoded || !absl::ConsumePrefix(&number, kPrefix) || !absl::SimpleAtoi(number, &cursor) ||
      cursor < 0) {
    return absl::InvalidArgumentError(
        "page_token: not a token this API returned (pass next_page_token unchanged)");
  }
  return cursor;
}

absl::StatusOr<int32_t> PageSize(int32_t requested, int32_t default_size, int32_t max_size) {
  return BoundedCount("page_size", requested, default_size, max_size);
}

absl::StatusOr<int32_t> BoundedCount(absl::string_view field, int32_t requested,
                                     int32_t default_count, int32_t max_count) {
  if (requested < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must not be negative, got ", requested));
  }
  if (requested == 0) return default_count;
  return requested > max_count ? max_count : requested;
}

}  // namespace coalition
