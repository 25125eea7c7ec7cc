// Which closed period a followed posting counts in.
#include "settlement/ledger_recount.h"

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/settlement/postings.h"

namespace coalition::settlement {
namespace {

v1::Period ClosedDay(const std::string& start, const std::string& end, int64_t at_sequence) {
  v1::Period period;
  period.set_period_start(start);
  period.set_period_end(end);
  period.set_state(v1::Period::CLOSED);
  period.set_closed_at_sequence(at_sequence);
  return period;
}

account::v1::Posting IssueAt(int64_t sequence, const std::string& day, int64_t points) {
  absl::CivilDay civil;
  absl::ParseCivilTime(day, &civil);
  account::v1::Posting posting =
      Posting("p", {{account::v1::PARTNER_ISSUED, -points}, {account::v1::MEMBER, points}});
  posting.set_sequence(sequence);
  posting.mutable_occur_time()->set_seconds(
      absl::ToUnixSeconds(absl::FromCivil(civil, absl::UTCTimeZone())) + 3600);
  return posting;
}

TEST(LedgerRecount, APostingCountsInTheLaterOfItsOwnPeriodAndTheFirstStillOpenWhenFollowed) {
  const v1::Period first = ClosedDay("2026-11-01", "2026-11-02", 2);
  const v1::Period second = ClosedDay("2026-11-02", "2026-11-03", 4);
  LedgerRecount recount({first, second});
  recount.Add(IssueAt(1, "2026-11-01", 10));
  recount.Add(IssueAt(2, "2026-11-02", 20));  // followed before the first closed: its own day
  recount.Add(IssueAt(3, "2026-11-01", 30));  // followed after the first closed: late, second
  recount.Add(IssueAt(5, "2026-11-02", 99));  // after the second closed: in no closed period

  v1::PeriodReport report;
  *report.mutable_period() = first;
  v1::PartnerStatement& statement = *report.add_statements();
  statement.set_partner_id("p");
  statement.set_currency("EUR");
  v1::StatementKindLine& line = *statement.add_lines();
  line.set_kind(v1::ISSUED);
  line.set_points(10);
  line.set_amount_minor(10);
  statement.set_net_amount_minor(10);
  statement.mutable_payment()->set_amount_minor(10);
  report.add_operator_result()->set_currency("EUR");
  report.mutable_operator_result(0)->set_amount_minor(10);
  EXPECT_THAT(recount.Differences(report), ::testing::IsEmpty());

  *report.mutable_period() = second;
  EXPECT_THAT(recount.Differences(report),
              ::testing::ElementsAre("2026-11-02 p ISSUED: ledger 50 points, statement 10"));
  line.set_points(50);
  report.mutable_operator_result(0)->set_amount_minor(11);  // not the partners' net
  EXPECT_THAT(recount.Differences(report),
              ::testing::ElementsAre("2026-11-02 EUR: operator result 11 but partners net 10"));
}

}  // namespace
}  // namespace coalition::settlement
