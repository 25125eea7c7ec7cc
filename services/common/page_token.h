// Opaque page tokens for List RPCs, each bound to the query it pages through, and page size
// limits.
//
//   ASSIGN_OR_RETURN(int32_t size, PageSize(request.page_size(), kDefaultPageSize, kMaxPageSize));
//   ASSIGN_OR_RETURN(std::optional<int64_t> cursor, DecodePageToken(request.page_token(),
//   request)); response.set_next_page_token(EncodePageToken(last_sequence, request));
//
// A token carries the cursor (the last key returned) and a digest of its query: the request's
// type and every field but page_size and page_token. A token used with another query (another
// member's listing, another List method) is INVALID_ARGUMENT, not a page of something else.
//
// The digest is not a signature: anyone can make a token. That is enough, because a cursor
// grants nothing: every page is still filtered by its query and by what the caller may read, so a
// hand-made token can only start, somewhere, a listing the caller could page through anyway.
// What matters is that a real token is never silently taken for another query, and a digest does
// that without a secret to create, share between replicas and rotate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "services/common/limits.h"

namespace coalition {

// The token that continues `query` after `cursor`; tokens are versioned so their format can
// change.
std::string EncodePageToken(int64_t cursor, const google::protobuf::Message& query);

// Empty token: the first page (nullopt). A token EncodePageToken made for another query, or
// anything it did not make: INVALID_ARGUMENT naming page_token.
absl::StatusOr<std::optional<int64_t>> DecodePageToken(absl::string_view token,
                                                       const google::protobuf::Message& query);

// 0 means `default_size`; negative is INVALID_ARGUMENT; above `max_size` is capped.
absl::StatusOr<int32_t> PageSize(int32_t requested, int32_t default_size, int32_t max_size);

// The same for any count a request may leave at 0, naming `field` in the error.
absl::StatusOr<int32_t> BoundedCount(absl::string_view field, int32_t requested,
                                     int32_t default_count, int32_t max_count);

}  // namespace coalition
