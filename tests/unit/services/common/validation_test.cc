// Validation, page tokens, request fingerprints, ids and migration splitting.
#include "absl/strings/escaping.h"
#include "coalition/account/v1/account.pb.h"
#include "coalition/redemption/v1/redemption.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/grpc/call_context.h"
#include "services/common/card_number.h"
#include "services/common/fingerprint.h"
#include "services/common/ids.h"
#include "services/common/migration.h"
#include "services/common/page_token.h"
#include "services/common/grpc/server_process.h"
#include "services/common/validation.h"

namespace coalition {
namespace {

using ::testing::HasSubstr;

TEST(Validation, MessagesNameTheFieldAndTheProblem) {
  EXPECT_EQ(ValidatePositive("amount_minor", -5, 100).message(),
            "amount_minor: must be greater than 0, got -5");
  EXPECT_EQ(ValidatePositive("points", 101, 100).message(), "points: must be at most 100, got 101");
  EXPECT_THAT(ValidateRequestId("request_id", "").message(), HasSubstr("request_id: is required"));
  EXPECT_THAT(ValidateRequestId("request_id", "a b").message(), HasSubstr("may contain only"));
  EXPECT_THAT(ValidateRequestId("request_id", std::string(129, 'a')).message(),
              HasSubstr("at most 128"));
  EXPECT_TRUE(ValidateRequestId("request_id", "order-42:retry.1_x").ok());
  EXPECT_THAT(ValidateCurrency("currency", "eur").message(), HasSubstr("three-letter"));
  EXPECT_TRUE(ValidateCurrency("currency", "EUR").ok());
  EXPECT_THAT(ValidatePartnerSlug("partner_id", "Car").message(), HasSubstr("start with a-z"));
  EXPECT_THAT(ValidatePartnerSlug("partner_id", "car_rental").message(),
              HasSubstr("a-z, 0-9 and -"));
  EXPECT_TRUE(ValidatePartnerSlug("partner_id", "car-rental2").ok());
  EXPECT_THAT(ValidateText("name", "a\nb", 10, true).message(), HasSubstr("control"));
}

TEST(PageToken, RoundTripsAndRefusesForgeries) {
  account::v1::ListTransactionsRequest query;
  query.set_member_id("mbr_a");
  auto decoded = DecodePageToken(EncodePageToken(12345, query), query);
  ASSERT_TRUE(decoded.ok());
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

TEST(RequestFingerprint, IgnoresTheRequestIdAndSeesEverythingElse) {
  redemption::v1::RedeemRequest a;
  a.set_request_id("one");
  a.set_partner_id("hotel");
  a.set_member_id("mbr_1");
  a.set_points(400);
  redemption::v1::RedeemRequest b = a;
  b.set_request_id("two");
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(b));
  b.set_points(401);
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
  EXPECT_EQ(RequestFingerprint(a).size(), 64u);
}

TEST(ProtobufLogs, AClientsBadBytesWriteNothingToTheLog) {
  RouteProtobufLogs();
  account::v1::GetBalanceRequest request;
  request.set_member_id("\xff\xfe");  // not UTF-8: protobuf complains when it parses it
  const std::string bytes = request.SerializeAsString();
  ::testing::internal::CaptureStderr();
  account::v1::GetBalanceRequest parsed;
  parsed.ParseFromString(bytes);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST(Ids, NewIdsAreRandomAndDerivedIdsAreStableAndKeyed) {
  EXPECT_NE(NewId("mbr"), NewId("mbr"));
  EXPECT_THAT(NewId("mbr"), ::testing::StartsWith("mbr_"));
  EXPECT_EQ(NewId("mbr").size(), 4u + 32u);
  const IdDeriver ids("service secret one");
  EXPECT_EQ(ids.Derive("hld", {"partner:hotel", "r1"}), ids.Derive("hld", {"partner:hotel", "r1"}));
  EXPECT_NE(ids.Derive("hld", {"partner:hotel", "r1"}), ids.Derive("hld", {"partner:hotel", "r2"}));
  EXPECT_NE(ids.Derive("hld", {"r1"}), ids.Derive("rdm", {"r1"}));
  EXPECT_EQ(ids.Derive("hld", {"r1"}).size(), 4u + 32u);
  // Parts are length-prefixed, so moving the boundary changes the id.
  EXPECT_NE(ids.Derive("hld", {"ab", "c"}), ids.Derive("hld", {"a", "bc"}));
  // Without the secret, the same key gives another id: ids cannot be computed from outside.
  EXPECT_NE(ids.Derive("hld", {"partner:hotel", "r1"}),
            IdDeriver("service secret two").Derive("hld", {"partner:hotel", "r1"}));
}

TEST(Callers, RoleAndIdOrAServiceName) {
  EXPECT_TRUE(ValidateCaller("caller", "partner:hotel").ok());
  EXPECT_TRUE(ValidateCaller("caller", "mobile:app").ok());
  EXPECT_TRUE(ValidateCaller("caller", "operator").ok());
  EXPECT_TRUE(ValidateCaller("caller", "redemption.sweeper").ok());
  EXPECT_EQ(ValidateCaller("caller", "partner:").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateCaller("caller", "partner:Hotel").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateCaller("caller", "root:x").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PartnerOfCaller("partner:hotel"), "hotel");
  EXPECT_EQ(PartnerOfCaller("mobile:hotel"), std::nullopt);
  EXPECT_EQ(PartnerOfCaller("hotel"), std::nullopt);
  EXPECT_TRUE(ActsFor("partner:hotel", "hotel"));
  EXPECT_FALSE(ActsFor("partner:hotel", "grocer"));
  EXPECT_FALSE(ActsFor("mobile:hotel", "hotel"));
  EXPECT_TRUE(ActsFor("operator", "grocer"));
  EXPECT_TRUE(ActsFor("earning", "grocer"));
}

TEST(SplitSqlStatements, SplitsAtLineEndSemicolonsAndDropsComments) {
  auto statements = SplitSqlStatements(
      "-- a comment;\nCREATE TABLE a (\n  x INT -- note; not an end\n);\n\n"
      "INSERT INTO a VALUES (1);\n-- trailing comment\n");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_THAT(statements[0], HasSubstr("CREATE TABLE a"));
  EXPECT_THAT(statements[0], HasSubstr("x INT"));
  EXPECT_EQ(statements[1], "INSERT INTO a VALUES (1)");
}

TEST(CardNumber, TheLuhnCheckDigitCatchesAMistypedDigit) {
  EXPECT_TRUE(IsValidCardNumber("79927398713"));  // the textbook Luhn example
  EXPECT_FALSE(IsValidCardNumber("79927398710"));
  EXPECT_FALSE(IsValidCardNumber("79927398703"));  // one digit changed
  EXPECT_FALSE(IsValidCardNumber("1234567"));      // too short
  EXPECT_FALSE(IsValidCardNumber("7992739871a"));
  for (int i = 0; i < 100; ++i) {
    const std::string issued = NewCardNumber();
    EXPECT_EQ(issued.size(), 16u);
    EXPECT_EQ(issued[0], '6');
    EXPECT_TRUE(IsValidCardNumber(issued)) << issued;
  }
  EXPECT_NE(NewCardNumber(), NewCardNumber());
}

}  // namespace
}  // namespace coalition
