// Page tokens (page_token.h), which clients send back as they please: any token either decodes to
// a cursor (never negative) or is INVALID_ARGUMENT naming page_token; a token made for one query
// decodes to its cursor for that query and never for another. Never a crash or a sanitizer
// report.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <fuzzer/FuzzedDataProvider.h>

#include "coalition/account/v1/account.pb.h"
#include "services/common/page_token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  coalition::account::v1::ListTransactionsRequest query;
  query.set_member_id(input.ConsumeRandomLengthString(64));
  const int64_t cursor = input.ConsumeIntegral<int64_t>();
  const std::string token = input.ConsumeRemainingBytesAsString();

  const absl::StatusOr<std::optional<int64_t>> decoded =
      coalition::DecodePageToken(token, query);
  if (decoded.ok()) {
    if (token.empty() != !decoded->has_value()) abort();
    if (decoded->has_value() && **decoded < 0) abort();
  } else if (!absl::IsInvalidArgument(decoded.status()) ||
             decoded.status().message().substr(0, 11) != "page_token:") {
    abort();
  }

  if (cursor >= 0) {
    const std::string made = coalition::EncodePageToken(cursor, query);
    const absl::StatusOr<std::optional<int64_t>> back = coalition::DecodePageToken(made, query);
    if (!back.ok() || !back->has_value() || **back != cursor) abort();
    coalition::account::v1::ListTransactionsRequest other = query;
    other.set_member_id(query.member_id() + "x");
    if (coalition::DecodePageToken(made, other).ok()) abort();  // another member's listing
  }
  return 0;
}
