// Opaque page tokens for List RPCs, and page size limits.
//
//   ASSIGN_OR_RETURN(int32_t size, PageSize(request.page_size(), 50, 500));
//   ASSIGN_OR_RETURN(std::optional<int64_t> cursor, DecodePageToken(request.page_token()));
//   response.set_next_page_token(EncodePageToken(last_sequence));
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace coalition {

// The cursor is the last key returned; tokens are versioned so their format can change.
std::string EncodePageToken(int64_t cursor);

// Empty token: the first page (nullopt). Anything not made by EncodePageToken: INVALID_ARGUMENT.
absl::StatusOr<std::optional<int64_t>> DecodePageToken(absl::string_view token);

// 0 means `default_size`; negative is INVALID_ARGUMENT; above `max_size` is capped.
absl::StatusOr<int32_t> PageSize(int32_t requested, int32_t default_size, int32_t max_size);

// The same for any count a request may leave at 0, naming `field` in the error.
absl::StatusOr<int32_t> BoundedCount(absl::string_view field, int32_t requested,
                                     int32_t default_count, int32_t max_count);

}  // namespace coalition
