// A follower of the ledger never skips a posting whose transaction is still in flight: sequence
// numbers are taken at insert, commits land in any order.
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

class LedgerFollow : public CoalitionTest {
 protected:
  std::vector<int64_t> SequencesAfter(int64_t after) {
    account::v1::ListPostingsRequest request;
    request.set_after_sequence(after);
    auto page = Call(platform().ledger(), &account::v1::LedgerService::Stub::ListPostings, request);
    EXPECT_TRUE(page.status.ok()) << page.status.error_message();
    std::vector<int64_t> sequences;
    for (const auto& posting : page.response.postings()) sequences.push_back(posting.sequence());
    return sequences;
  }
};

TEST_F(LedgerFollow, ListingStopsBeforeAPostingStillInFlightAndResumesOnceItCommits) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  Earn(member, partner, 1'000);
  const int64_t before = LastLedgerSequence();

  // A writer that has taken the next sequence number but not committed (white box: the
  // account service's own table, written directly).
  auto writer = AccountDb();
  ASSERT_TRUE(writer.ok()) << writer.status();
  ASSERT_THAT(writer->Execute("START TRANSACTION"), IsOk());
  ASSERT_TRUE(writer
                  ->Execute("INSERT INTO postings (type, partner_id, member_id, reference,"
                            " occur_time_us, caller, request_id, request_fingerprint) VALUES (1,"
                            " '', '', 'in-flight', 0, 'test', 'in-flight', REPEAT('0', 64))")
                  .ok());

  Earn(member, partner, 1'000);  // commits with the number after the in-flight one
  EXPECT_EQ(SequencesAfter(before), std::vector<int64_t>{})
      << "a follower must not move past the in-flight posting";

  ASSERT_THAT(writer->Execute("COMMIT"), IsOk());
  EXPECT_EQ(SequencesAfter(before), (std::vector<int64_t>{before + 1, before + 2}));
}

}  // namespace
}  // namespace coalition::testing
