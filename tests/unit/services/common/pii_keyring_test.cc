#include "services/common/pii_keyring.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matchers/status_matchers.h"

namespace coalition {
namespace {

constexpr char kOld[] = "k1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
constexpr char kNew[] = "k2:f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f";

TEST(PiiKeyring, SealsWithTheCurrentKeyAndOpensWhatItSealed) {
  auto ring = PiiKeyring::Parse(std::string(kOld) + "\n" + kNew + "\n");
  ASSERT_TRUE(ring.ok()) << ring.status();
  EXPECT_EQ(ring->current_key_id(), "k2");
  auto sealed = ring->Seal("Ada Lovelace", "mbr_1");
  ASSERT_THAT(sealed, IsOk());
  EXPECT_EQ(sealed->size(), 12u + 12u + 16u);
  EXPECT_EQ(sealed->find("Ada"), std::string::npos);
  EXPECT_NE(*ring->Seal("Ada Lovelace", "mbr_1"), *sealed);  // a fresh nonce every time
  EXPECT_EQ(*ring->Open("k2", *sealed, "mbr_1"), "Ada Lovelace");
}

TEST(PiiKeyring, DataSealedUnderAnOlderKeyOpensAfterRotationUntilTheKeyIsDropped) {
  auto old_ring = PiiKeyring::Parse(kOld);
  auto sealed = old_ring->Seal("ada@example.com", "mbr_1");
  auto rotated = PiiKeyring::Parse(std::string(kOld) + "," + kNew);
  EXPECT_EQ(*rotated->Open("k1", *sealed, "mbr_1"), "ada@example.com");
  auto dropped = PiiKeyring::Parse(kNew);
  auto gone = dropped->Open("k1", *sealed, "mbr_1");
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(gone.status().message(),
            "pii: key 'k1' is not in the key ring (rotated out too early?)");
}

TEST(PiiKeyring, AlteredOrMisplacedDataDoesNotOpen) {
  auto ring = PiiKeyring::Parse(kOld);
  std::string sealed = *ring->Seal("+441234567890", "mbr_1");
  EXPECT_EQ(ring->Open("k1", sealed, "mbr_2").status().code(), absl::StatusCode::kDataLoss);
  sealed[14] = static_cast<char>(sealed[14] ^ 1);
  EXPECT_EQ(ring->Open("k1", sealed, "mbr_1").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(ring->Open("k1", "short", "mbr_1").status().code(), absl::StatusCode::kDataLoss);
}

TEST(PiiKeyring, ParseNamesTheEntryThatIsWrong) {
  EXPECT_EQ(PiiKeyring::Parse("").status().message(), "pii keys: no key given");
  EXPECT_EQ(PiiKeyring::Parse("k1:abcd").status().message(),
            "pii keys: entry 'k1' must be key_id:64 hex digits (key_id: letters, digits, '-' or "
            "'_', at most 40)");
  EXPECT_EQ(PiiKeyring::Parse(std::string(kOld) + "," + kOld).status().message(),
            "pii keys: key id 'k1' is twice");
}

}  // namespace
}  // namespace coalition
