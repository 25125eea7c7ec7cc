// What a ledger leg means to settlement: the kind comes from its account and direction.
#include "settlement/ledger_facts.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matchers/status_matchers.h"
#include "tests/unit/settlement/postings.h"

namespace coalition::settlement {
namespace {

TEST(LedgerFacts, EachKindComesFromTheAccountAndDirectionOfALeg) {
  using account::v1::AccountKind;
  google::protobuf::RepeatedPtrField<account::v1::Posting> postings;
  *postings.Add() = Posting("p", {{account::v1::PARTNER_ISSUED, -100}, {account::v1::MEMBER, 100}});
  *postings.Add() = Posting("p", {{account::v1::MEMBER, -30}, {account::v1::PARTNER_ISSUED, 30}});
  *postings.Add() = Posting("p", {{account::v1::MEMBER, -40}, {account::v1::PARTNER_REDEEMED, 40}});
  *postings.Add() = Posting("p", {{account::v1::PARTNER_REDEEMED, -10}, {account::v1::MEMBER, 10}});
  *postings.Add() =
      Posting("p", {{account::v1::MEMBER, -5}, {account::v1::OPERATOR_BREAKAGE, 5}}, "operator");
  *postings.Add() =
      Posting("", {{account::v1::OPERATOR_PROMOTIONS, -7}, {account::v1::MEMBER, 7}}, "operator");
  absl::StatusOr<std::vector<DayFact>> facts = FactsOf(
      postings, [](const std::string&, absl::Time) -> absl::StatusOr<int64_t> { return 2; });
  ASSERT_THAT(facts, IsOk());
  const absl::CivilDay day(2026, 11, 18);  // of 1'795'000'000
  EXPECT_THAT(*facts, ::testing::ElementsAre(DayFact{"operator", v1::OPERATOR_FUNDED, 0, day, 7, 1},
                                             DayFact{"p", v1::ISSUED, 2, day, 100, 1},
                                             DayFact{"p", v1::REVERSED, 2, day, 30, 1},
                                             DayFact{"p", v1::REDEEMED, 2, day, 40, 1},
                                             DayFact{"p", v1::REFUNDED, 2, day, 10, 1},
                                             DayFact{"p", v1::BREAKAGE, 2, day, 5, 1}));
}

TEST(LedgerFacts, EachPostingCountsUnderTheTermsVersionInForceAtItsTimeOnItsUtcDay) {
  google::protobuf::RepeatedPtrField<account::v1::Posting> postings;
  for (const int64_t seconds : {1'795'000'000, 1'795'000'000 + 3600, 1'795'000'000 + 86'400}) {
    account::v1::Posting& posting = *postings.Add();
    posting = Posting("p", {{account::v1::PARTNER_ISSUED, -10}, {account::v1::MEMBER, 10}});
    posting.mutable_occur_time()->set_seconds(seconds);
  }
  // Version 1 from half an hour after the first posting.
  const absl::Time change = absl::FromUnixSeconds(1'795'000'000 + 1800);
  absl::StatusOr<std::vector<DayFact>> facts =
      FactsOf(postings, [&](const std::string&, absl::Time time) -> absl::StatusOr<int64_t> {
        return time < change ? 0 : 1;
      });
  ASSERT_THAT(facts, IsOk());
  const absl::CivilDay day(2026, 11, 18);
  EXPECT_THAT(*facts, ::testing::ElementsAre(DayFact{"p", v1::ISSUED, 0, day, 10, 1},
                                             DayFact{"p", v1::ISSUED, 1, day, 10, 1},
                                             DayFact{"p", v1::ISSUED, 1, day + 1, 10, 1}));
}

}  // namespace
}  // namespace coalition::settlement
