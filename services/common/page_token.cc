#include "services/common/page_token.h"

#include <memory>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "services/common/fingerprint.h"

namespace coalition {
namespace {

// v1 tokens carried the cursor alone; they are refused like any token of another query.
constexpr absl::string_view kVersion = "v2";

// 128 bits of SHA-256 over the request's type name and its deterministic serialization without
// the paging fields.
std::string QueryDigest(const google::protobuf::Message& query) {
  std::unique_ptr<google::protobuf::Message> copy(query.New());
  copy->CopyFrom(query);
  for (const char* paging : {"page_size", "page_token"}) {
    const google::protobuf::FieldDescriptor* field = copy->GetDescriptor()->FindFieldByName(paging);
    if (field != nullptr) copy->GetReflection()->ClearField(copy.get(), field);
  }
  std::string bytes = absl::StrCat(copy->GetDescriptor()->full_name(), "\n");
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  return Sha256Hex(bytes).substr(0, 32);
}

}  // namespace

std::string EncodePageToken(int64_t cursor, const google::protobuf::Message& query) {
  return absl::WebSafeBase64Escape(absl::StrCat(kVersion, ":", cursor, ":", QueryDigest(query)));
}

absl::StatusOr<std::optional<int64_t>> DecodePageToken(absl::string_view token,
                                                       const google::protobuf::Message& query) {
  if (token.empty()) return std::nullopt;
  std::string raw;
  int64_t cursor = 0;
  const bool decoded = absl::WebSafeBase64Unescape(token, &raw);
  const std::vector<absl::string_view> parts = absl::StrSplit(raw, ':');
  if (!decoded || parts.size() != 3 || parts[0] != kVersion ||
      !absl::SimpleAtoi(parts[1], &cursor) || cursor < 0) {
    return absl::InvalidArgumentError(
        "page_token: not a token this API returned (pass next_page_token unchanged)");
  }
  if (parts[2] != QueryDigest(query)) {
    return absl::InvalidArgumentError(
        "page_token: was returned for another query; keep every field but page_size as it was "
        "when the token was returned, or leave page_token empty to start again");
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
