#include "partner-gateway/api_keys.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::gateway {
namespace {

using ::testing::HasSubstr;

constexpr char kIssuingSecret[] = "0123456789abcdef0123456789abcdef";

StoredApiKey KeyFor(const std::string& secret, absl::Time expires) {
  StoredApiKey key;
  key.key_id = "key_1";
  key.identity = "partner:hotel";
  key.salt_hex = NewSaltHex();
  key.secret_sha256_hex = SaltedSha256Hex(key.salt_hex, secret);
  key.expire_time = expires;
  return key;
}

TEST(ApiKeys, TheSecretIsDerivedFromTheIssuingSecretAndTheKeyId) {
  EXPECT_EQ(ApiKeySecret(kIssuingSecret, "key_1"), ApiKeySecret(kIssuingSecret, "key_1"));
  EXPECT_NE(ApiKeySecret(kIssuingSecret, "key_1"), ApiKeySecret(kIssuingSecret, "key_2"));
  EXPECT_NE(ApiKeySecret(kIssuingSecret, "key_1"), ApiKeySecret("another secret", "key_1"));
  EXPECT_EQ(ApiKeySecret(kIssuingSecret, "key_1").size(), 64u);
}

TEST(ApiKeys, TheSameSecretHashesDifferentlyUnderEachSalt) {
  EXPECT_NE(SaltedSha256Hex(NewSaltHex(), "s"), SaltedSha256Hex(NewSaltHex(), "s"));
}

TEST(ApiKeys, AKeyIsGoodUntilTheInstantItExpires) {
  const absl::Time expires = absl::FromUnixSeconds(1'800'000'000);
  const StoredApiKey key = KeyFor("secret", expires);
  EXPECT_THAT(CheckApiKey(key, "secret", expires - absl::Microseconds(1)), IsOk());
  const absl::Status expired = CheckApiKey(key, "secret", expires);
  EXPECT_EQ(expired.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(expired.message(), HasSubstr("expired at 2027-01-15T08:00:00+00:00"));
}

TEST(ApiKeys, ARevokedKeyOrAWrongSecretIsRefused) {
  const absl::Time now = absl::FromUnixSeconds(1'700'000'000);
  StoredApiKey key = KeyFor("secret", now + absl::Hours(1));
  EXPECT_THAT(CheckApiKey(key, "secreT", now).message(), HasSubstr("wrong secret"));
  key.revoke_time = now - absl::Seconds(1);
  EXPECT_THAT(CheckApiKey(key, "secret", now).message(), HasSubstr("was revoked"));
}

TEST(ApiKeys, ATokenIsAKeyIdADotAndASecret) {
  const absl::StatusOr<ApiKeyToken> token = ParseApiKeyToken("key_1.abc.def");
  ASSERT_THAT(token, IsOk());
  EXPECT_EQ(token->key_id, "key_1");
  EXPECT_EQ(token->secret, "abc.def");
  for (const char* bad : {"", "key_1", ".abc", "key_1.", "k y.abc"}) {
    EXPECT_EQ(ParseApiKeyToken(bad).status().code(), absl::StatusCode::kUnauthenticated) << bad;
  }
}

}  // namespace
}  // namespace coalition::gateway
