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
  absl::StatusOr<std::vector<PeriodFact>> facts =
      FactsOf(postings, PeriodCalendar::Monthly(),
              [](const std::string&, absl::Time) -> absl::StatusOr<int64_t> { return 2; });
  ASSERT_THAT(facts, IsOk());
  const absl::CivilDay month(2026, 11, 1);
  EXPECT_THAT(*facts,
              ::testing::ElementsAre(PeriodFact{"operator", v1::OPERATOR_FUNDED, 0, month, 7, 1},
                                     PeriodFact{"p", v1::ISSUED, 2, month, 100, 1},
                                     PeriodFact{"p", v1::REVERSED, 2, month, 30, 1},
                                     PeriodFact{"p", v1::REDEEMED, 2, month, 40, 1},
                                     PeriodFact{"p", v1::REFUNDED, 2, month, 10, 1},
                                     PeriodFact{"p", v1::BREAKAGE, 2, month, 5, 1}));
}

}  // namespace
}  // namespace coalition::settlement
