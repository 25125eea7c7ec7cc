// The ledger's logic over an in-memory store: what reaches storage, and what never does.
#include "services/account/ledger.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/proto_time.h"
#include "tests/fakes/ledger_store_fake.h"
#include "tests/matchers/status_matchers.h"

namespace coalition {
namespace {

account::v1::CreatePostingRequest EarnRequest(int64_t points) {
  account::v1::CreatePostingRequest request;
  request.set_request_id("purchase/car/T1");
  request.set_type(account::v1::EARN);
  for (auto [kind, owner, amount] : {std::tuple{account::v1::PARTNER_ISSUED, "car", -points},
                                     std::tuple{account::v1::MEMBER, "mbr_1", points}}) {
    account::v1::Leg* leg = request.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(owner);
    leg->set_points(amount);
  }
  return request;
}

TEST(Ledger, StampsPostingsWithTheInjectedClockAndScopesKeysByCaller) {
  account::RecordingLedgerStore store;
  FakeClock clock(absl::FromUnixSeconds(1'800'000'000));
  account::Ledger ledger(store, clock, absl::Seconds(15));
  ASSERT_THAT(ledger.CreatePosting("earning", EarnRequest(10)), IsOk());
  clock.Advance(absl::Hours(48));
  ASSERT_THAT(ledger.CreatePosting("earning", EarnRequest(10)), IsOk());

  ASSERT_EQ(store.drafts.size(), 2u);
  EXPECT_EQ(store.drafts[0].key.caller, "earning");
  EXPECT_EQ(store.drafts[0].key.request_id, "purchase/car/T1");
  EXPECT_EQ(ProtoTimeToMicros(store.drafts[0].posting.occur_time()), 1'800'000'000'000'000);
  EXPECT_EQ(ProtoTimeToMicros(store.drafts[1].posting.occur_time()),
            (1'800'000'000 + 48 * 3600) * 1'000'000LL);
  EXPECT_EQ(store.drafts[0].key.fingerprint, store.drafts[1].key.fingerprint);  // same content
}

TEST(Ledger, AnUnbalancedPostingNeverReachesStorage) {
  account::RecordingLedgerStore store;
  FakeClock clock(absl::UnixEpoch());
  account::Ledger ledger(store, clock, absl::Seconds(15));
  auto request = EarnRequest(10);
  request.mutable_legs(1)->set_points(11);
  EXPECT_EQ(ledger.CreatePosting("earning", request).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(store.drafts.empty());
}

TEST(Ledger, HistoryAsksForOneRowMoreThanThePageToSeeIfAnotherFollows) {
  account::RecordingLedgerStore store;
  FakeClock clock(absl::UnixEpoch());
  account::Ledger ledger(store, clock, absl::Seconds(15));
  account::v1::ListTransactionsRequest request;
  request.set_member_id("mbr_1");
  request.set_page_size(20);
  auto page = ledger.ListTransactions(request);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(store.last_limit, 21);
  EXPECT_TRUE(page->next_page_token().empty());
}

}  // namespace
}  // namespace coalition
