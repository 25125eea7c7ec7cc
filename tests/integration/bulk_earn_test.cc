// A partner's end-of-day file through the real services (Earning::RecordPurchases in bulk): each
// item answered as RecordPurchase answers it, the books left as the per-item path leaves them, a
// retry changing nothing, and a copy sent while the first is running posting nothing twice.
#include <chrono>
#include <cstdio>
#include <map>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using earning::v1::EarningService;
using earning::v1::RecordPurchasesRequest;
using earning::v1::RecordPurchasesResponse;

class BulkEarn : public CoalitionTest {
 protected:
  // `count` purchases at `partner` spread over `members`; every 100th in another currency, every
  // 100th (offset 50) by an unknown member, every 100th (offset 75) repeating the partner
  // transaction of the item before it.
  RecordPurchasesRequest File(const std::string& partner, const std::vector<std::string>& members,
                              int count) {
    RecordPurchasesRequest file;
    for (int i = 0; i < count; ++i) {
      earning::v1::RecordPurchaseRequest& item = *file.add_purchases();
      item =
          PurchaseRequest(members[static_cast<size_t>(i) % members.size()], partner, 1'000 + 7 * i);
      if (i % 100 == 0) item.set_currency("USD");
      if (i % 100 == 50) item.set_member_id(UniqueId("mbr-nobody"));
      if (i % 100 == 75) {
        item.set_partner_transaction_id(file.purchases(i - 1).partner_transaction_id());
      }
    }
    return file;
  }

  CallResult<RecordPurchasesResponse> Send(const RecordPurchasesRequest& file,
                                           const std::string& partner) {
    return Call(platform().earning(), &EarningService::Stub::RecordPurchases, file, partner);
  }

  std::vector<std::string> NewMembers(int count) {
    std::vector<std::string> members;
    for (int i = 0; i < count; ++i) members.push_back(NewMember());
    return members;
  }
};

TEST_F(BulkEarn, AThousandPurchaseFileEarnsAsOneByOneAndItsRetryChangesNothing) {
  const std::string bulk_partner = NewPartner();
  const std::string single_partner = NewPartner();
  const std::vector<std::string> bulk_members = NewMembers(40);
  const std::vector<std::string> single_members = NewMembers(40);
  const RecordPurchasesRequest file = File(bulk_partner, bulk_members, 1'000);

  const auto start = std::chrono::steady_clock::now();
  auto recorded = Send(file, bulk_partner);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("bulk earn: 1000 purchases in %.3f s (%.0f purchases/s)\n", seconds, 1'000 / seconds);
  ASSERT_THAT(recorded.status, IsOk());
  ASSERT_EQ(recorded.response.results_size(), 1'000);

  // The same file one purchase at a time, at a partner and members of its own.
  const RecordPurchasesRequest twin = File(single_partner, single_members, 1'000);
  std::map<int, int> codes;
  for (int i = 0; i < 1'000; ++i) {
    auto single = Call(platform().earning(), &EarningService::Stub::RecordPurchase,
                       twin.purchases(i), single_partner);
    const earning::v1::PurchaseResult& bulk = recorded.response.results(i);
    ++codes[bulk.code()];
    ASSERT_EQ(bulk.code(), single.status.error_code()) << i << ": " << bulk.message();
    if (bulk.code() == 0) {
      EXPECT_EQ(bulk.purchase().points_earned(), single.response.points_earned()) << i;
      EXPECT_EQ(bulk.purchase().partner_transaction_id(),
                file.purchases(i).partner_transaction_id());
      EXPECT_GT(bulk.purchase().posting_sequence(), 0);
    } else {
      EXPECT_THAT(bulk.message(), ::testing::StartsWith(absl::StrCat("purchases[", i, "].")));
    }
  }
  EXPECT_EQ(codes[grpc::StatusCode::INVALID_ARGUMENT], 10);
  EXPECT_EQ(codes[grpc::StatusCode::NOT_FOUND], 10);
  EXPECT_EQ(codes[grpc::StatusCode::ALREADY_EXISTS], 10);
  EXPECT_EQ(codes[grpc::StatusCode::OK], 970);
  std::vector<int64_t> balances;
  for (size_t m = 0; m < bulk_members.size(); ++m) {
    balances.push_back(Balance(bulk_members[m]).available_points());
    EXPECT_EQ(balances.back(), Balance(single_members[m]).available_points()) << m;
    EXPECT_EQ(HistoryLength(bulk_members[m]), HistoryLength(single_members[m])) << m;
  }
  // A purchase reads back as the file's answer gave it.
  earning::v1::GetPurchaseRequest get;
  get.set_purchase_id(recorded.response.results(1).purchase().purchase_id());
  auto stored = Call(platform().earning(), &EarningService::Stub::GetPurchase, get, bulk_partner);
  ASSERT_THAT(stored.status, IsOk());
  EXPECT_EQ(stored.response.posting_sequence(),
            recorded.response.results(1).purchase().posting_sequence());

  const int64_t last_sequence = LastLedgerSequence();
  auto retried = Send(file, bulk_partner);
  ASSERT_THAT(retried.status, IsOk());
  EXPECT_EQ(retried.response.SerializeAsString(), recorded.response.SerializeAsString());
  EXPECT_EQ(LastLedgerSequence(), last_sequence);
  for (size_t m = 0; m < bulk_members.size(); ++m) {
    EXPECT_EQ(Balance(bulk_members[m]).available_points(), balances[m]) << m;
  }
}

// How fast a file goes when its purchases are spread over many members (the ledger posts one
// posting per member per round): printed, for docs/PERFORMANCE.md.
TEST_F(BulkEarn, FilesOfAThousandPurchasesOverManyMembersPostEveryPurchase) {
  const std::string partner = NewPartner();
  const std::vector<std::string> members = NewMembers(250);
  for (int round = 0; round < 3; ++round) {
    RecordPurchasesRequest file;
    for (int i = 0; i < 1'000; ++i) {
      *file.add_purchases() =
          PurchaseRequest(members[static_cast<size_t>(i) % members.size()], partner, 1'000);
    }
    const auto start = std::chrono::steady_clock::now();
    auto recorded = Send(file, partner);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("bulk earn, 250 members: 1000 purchases in %.3f s (%.0f purchases/s)\n", seconds,
                1'000 / seconds);
    ASSERT_THAT(recorded.status, IsOk());
    for (int i = 0; i < 1'000; ++i) {
      ASSERT_EQ(recorded.response.results(i).code(), 0) << recorded.response.results(i).message();
    }
  }
  EXPECT_EQ(Balance(members[0]).available_points(), 3 * 4 * 10);
}

TEST_F(BulkEarn, ACopySentWhileTheFileRunsPostsEveryPurchaseOnce) {
  const std::string partner = NewPartner();
  const std::vector<std::string> members = NewMembers(30);
  RecordPurchasesRequest file;
  int64_t points = 0;
  for (int i = 0; i < 600; ++i) {
    *file.add_purchases() =
        PurchaseRequest(members[static_cast<size_t>(i) % members.size()], partner, 1'000 + 100 * i);
    points += 10 + i;
  }
  CallResult<RecordPurchasesResponse> first;
  CallResult<RecordPurchasesResponse> copy;
  std::thread sender([&] { first = Send(file, partner); });
  copy = Send(file, partner);
  sender.join();
  ASSERT_THAT(first.status, IsOk());
  ASSERT_THAT(copy.status, IsOk());
  for (int i = 0; i < 600; ++i) {
    ASSERT_EQ(first.response.results(i).code(), 0) << first.response.results(i).message();
    ASSERT_EQ(copy.response.results(i).code(), 0) << copy.response.results(i).message();
    EXPECT_EQ(copy.response.results(i).purchase().purchase_id(),
              first.response.results(i).purchase().purchase_id());
  }
  int64_t earned = 0;
  int postings = 0;
  for (const std::string& member : members) {
    earned += Balance(member).available_points();
    postings += HistoryLength(member);
  }
  EXPECT_EQ(earned, points);
  EXPECT_EQ(postings, 600);
}

// Keys are exact byte strings (the schemas are created utf8mb4_bin): a request id differing from a
// stored one only in case is another request, in a file as one by one.
TEST_F(BulkEarn, AKeyDifferingOnlyInCaseIsAnotherRequest) {
  const std::string partner = NewPartner();
  const std::string member = NewMember();
  earning::v1::RecordPurchaseRequest earlier = PurchaseRequest(member, partner, 1'000);
  earlier.set_request_id(UniqueId("Spelled"));
  ASSERT_THAT(Call(platform().earning(), &EarningService::Stub::RecordPurchase, earlier, partner)
                  .status,
              IsOk());
  const int64_t balance = Balance(member).available_points();

  RecordPurchasesRequest file;
  *file.add_purchases() = PurchaseRequest(member, partner, 2'000);
  earning::v1::RecordPurchaseRequest& respelled = *file.add_purchases();
  respelled = PurchaseRequest(member, partner, 3'000);
  respelled.set_request_id(absl::AsciiStrToUpper(earlier.request_id()));
  *file.add_purchases() = PurchaseRequest(member, partner, 4'000);

  auto recorded = Send(file, partner);
  ASSERT_THAT(recorded.status, IsOk());
  ASSERT_EQ(recorded.response.results_size(), 3);
  EXPECT_EQ(recorded.response.results(0).code(), 0) << recorded.response.results(0).message();
  EXPECT_EQ(recorded.response.results(2).code(), 0) << recorded.response.results(2).message();
  EXPECT_EQ(recorded.response.results(1).code(), 0) << recorded.response.results(1).message();
  EXPECT_EQ(Balance(member).available_points(), balance + 20 + 30 + 40);

  // One by one, the same spelling again is a retry of the file's item; the first key still holds.
  auto again = Call(platform().earning(), &EarningService::Stub::RecordPurchase, respelled,
                    partner);
  ASSERT_THAT(again.status, IsOk());
  EXPECT_EQ(again.response.purchase_id(), recorded.response.results(1).purchase().purchase_id());
  earning::v1::RecordPurchaseRequest lower = earlier;
  lower.set_request_id(absl::AsciiStrToLower(earlier.request_id()));
  auto another = Call(platform().earning(), &EarningService::Stub::RecordPurchase, lower, partner);
  EXPECT_EQ(another.status.error_code(), grpc::StatusCode::ALREADY_EXISTS)
      << "same partner transaction under a new key: " << another.status.error_message();
  EXPECT_EQ(Balance(member).available_points(), balance + 20 + 30 + 40);
}

}  // namespace
}  // namespace coalition::testing
