// Page tokens: they round-trip, belong to their query, and refuse forgeries.
#include "services/common/page_token.h"

#include "absl/strings/escaping.h"
#include "coalition/account/v1/account.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matchers/status_matchers.h"

namespace coalition {
namespace {

using ::testing::HasSubstr;

TEST(PageToken, RoundTripsAndRefusesForgeries) {
  account::v1::ListTransactionsRequest query;
  query.set_member_id("mbr_a");
  auto decoded = DecodePageToken(EncodePageToken(12345, query), query);
  ASSERT_THAT(decoded, IsOk());
  EXPECT_EQ(decoded->value(), 12345);
  EXPECT_FALSE(DecodePageToken("", query).value().has_value());
  EXPECT_EQ(DecodePageToken("12345", query).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(DecodePageToken("!!", query).status().message(), HasSubstr("page_token"));
  // The first format, the cursor alone: it said nothing of its query.
  EXPECT_EQ(DecodePageToken(absl::WebSafeBase64Escape("v1:12345"), query).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PageToken, BelongsToItsQueryWhateverThePageSize) {
  account::v1::ListTransactionsRequest query;
  query.set_member_id("mbr_a");
  query.set_page_size(10);
  const std::string token = EncodePageToken(77, query);

  account::v1::ListTransactionsRequest next_page = query;
  next_page.set_page_token(token);
  next_page.set_page_size(500);  // page size may change from page to page
  EXPECT_EQ(DecodePageToken(next_page.page_token(), next_page).value(), 77);

  account::v1::ListTransactionsRequest other_member = next_page;
  other_member.set_member_id("mbr_b");
  const absl::Status refused = DecodePageToken(token, other_member).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(refused.message(), HasSubstr("page_token: was returned for another query"));

  // Another listing with the same fields is another query too.
  account::v1::ListTierChangesRequest tier_changes;
  tier_changes.set_member_id("mbr_a");
  EXPECT_EQ(DecodePageToken(token, tier_changes).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PageToken, PageSizeDefaultsCapsAndRefusesNegatives) {
  EXPECT_EQ(*PageSize(0, 50, 500), 50);
  EXPECT_EQ(*PageSize(900, 50, 500), 500);
  EXPECT_EQ(*PageSize(7, 50, 500), 7);
  EXPECT_EQ(PageSize(-1, 50, 500).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace coalition
