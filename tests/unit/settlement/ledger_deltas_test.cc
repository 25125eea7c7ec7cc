// Issued and redeemed points per partner and UTC day, from the ledger's partner legs.
#include "settlement/ledger_deltas.h"

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coalition::settlement {
namespace {

account::v1::Posting PostingAt(
    int64_t unix_seconds,
    std::initializer_list<std::tuple<account::v1::AccountKind, std::string, int64_t>> legs) {
  account::v1::Posting posting;
  posting.mutable_occur_time()->set_seconds(unix_seconds);
  for (const auto& [kind, owner, points] : legs) {
    account::v1::Leg* leg = posting.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(owner);
    leg->set_points(points);
  }
  return posting;
}

TEST(LedgerDeltas, IssuedAndRedeemedComeFromPartnerLegsPerUtcDay) {
  constexpr int64_t kDay1 = 1'795'000'000;  // 2026-11-18T...Z
  google::protobuf::RepeatedPtrField<account::v1::Posting> postings;
  *postings.Add() = PostingAt(
      kDay1, {{account::v1::PARTNER_ISSUED, "car", -500}, {account::v1::MEMBER, "mbr_1", 500}});
  *postings.Add() = PostingAt(kDay1 + 60, {{account::v1::MEMBER, "mbr_1", -400},
                                           {account::v1::PARTNER_REDEEMED, "hotel", 400}});
  *postings.Add() =
      PostingAt(kDay1 + 120, {{account::v1::MEMBER, "mbr_1", -50},
                              {account::v1::MEMBER_HOLD, "hld_1", 50}});  // no partner leg
  *postings.Add() = PostingAt(kDay1 + 86'400, {{account::v1::PARTNER_ISSUED, "car", -7},
                                               {account::v1::MEMBER, "mbr_1", 7}});

  std::vector<DayDelta> deltas = DeltasOf(postings);
  ASSERT_EQ(deltas.size(), 3u);
  const absl::CivilDay day1 = absl::ToCivilDay(absl::FromUnixSeconds(kDay1), absl::UTCTimeZone());
  EXPECT_EQ(deltas[0].partner_id, "car");
  EXPECT_EQ(deltas[0].day, day1);
  EXPECT_EQ(deltas[0].points_issued, 500);
  EXPECT_EQ(deltas[1].partner_id, "car");
  EXPECT_EQ(deltas[1].day, day1 + 1);
  EXPECT_EQ(deltas[1].points_issued, 7);
  EXPECT_EQ(deltas[2].partner_id, "hotel");
  EXPECT_EQ(deltas[2].points_redeemed, 400);
  EXPECT_EQ(deltas[2].points_issued, 0);
}

}  // namespace
}  // namespace coalition::settlement
