// The ledger writes concurrent postings in batches, one transaction each (group commit), and
// takes a bulk call's postings together (LedgerService.CreatePostings). Batching must not weaken
// any guarantee of a single posting: a posting refused inside a batch fails alone and keeps
// nothing (its key may post later), a request repeated inside a batch or across batches is
// posted once, no member is overdrawn however the refusals race, and batches that share members
// and keys neither deadlock nor double-post.
#include <algorithm>
#include <atomic>
#include <latch>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using account::v1::AccountAdminService;
using account::v1::CreatePostingRequest;
using account::v1::CreatePostingsRequest;
using account::v1::CreatePostingsResponse;
using account::v1::LedgerService;
using account::v1::Member;
using ::testing::HasSubstr;

constexpr int kOk = 0;
constexpr int kInvalidArgument = 3;
constexpr int kAlreadyExists = 6;
constexpr int kFailedPrecondition = 9;

class LedgerBatches : public CoalitionTest {
 protected:
  // A redemption of `points` by `member` at `partner`, as the redemption service posts one.
  static CreatePostingRequest Spend(const std::string& request_id, const std::string& member,
                                    const std::string& partner, int64_t points) {
    CreatePostingRequest posting;
    posting.set_request_id(request_id);
    posting.set_type(account::v1::REDEEM);
    posting.set_partner_id(partner);
    posting.set_member_id(member);
    AddLeg(posting, account::v1::MEMBER, member, -points);
    AddLeg(posting, account::v1::PARTNER_REDEEMED, partner, points);
    return posting;
  }
  // An earn of `points`, as the earning service posts one.
  static CreatePostingRequest Credit(const std::string& request_id, const std::string& member,
                                     const std::string& partner, int64_t points) {
    CreatePostingRequest posting;
    posting.set_request_id(request_id);
    posting.set_type(account::v1::EARN);
    posting.set_partner_id(partner);
    posting.set_member_id(member);
    AddLeg(posting, account::v1::PARTNER_ISSUED, partner, -points);
    AddLeg(posting, account::v1::MEMBER, member, points);
    return posting;
  }
  static void AddLeg(CreatePostingRequest& posting, account::v1::AccountKind kind,
                     const std::string& owner, int64_t points) {
    account::v1::Leg* leg = posting.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(owner);
    leg->set_points(points);
  }

  CallResult<CreatePostingsResponse> Post(const std::vector<CreatePostingRequest>& postings) {
    CreatePostingsRequest request;
    for (const CreatePostingRequest& posting : postings) *request.add_postings() = posting;
    return Call(platform().ledger(), &LedgerService::Stub::CreatePostings, request, "redemption");
  }

  // The member with `points` available.
  std::string MemberWith(const std::string& partner, int64_t points) {
    const std::string member = NewMember();
    const auto posted = Post({Credit(UniqueId("seed"), member, partner, points)});
    EXPECT_TRUE(posted.status.ok()) << posted.status.error_message();
    return member;
  }

  void Suspend(const std::string& member) {
    account::v1::SetMemberStateRequest request;
    request.set_request_id(UniqueId("suspend"));
    request.set_member_id(member);
    request.set_state(Member::SUSPENDED);
    request.set_reason("card reported stolen");
    ASSERT_TRUE(Call(platform().account_admin(), &AccountAdminService::Stub::SetMemberState,
                     request, "operator")
                    .status.ok());
  }

  // How many postings the ledger holds under the redemption service's `request_id`.
  int64_t PostingsUnder(const std::string& request_id) {
    absl::StatusOr<WhiteBox> db = AccountDb();
    EXPECT_TRUE(db.ok()) << db.status();
    auto rows = db->Query(
        "SELECT COUNT(*) FROM postings WHERE caller = 'redemption' AND request_id = ?",
        {request_id});
    EXPECT_TRUE(rows.ok()) << rows.status();
    return (*rows)[0].Int(0);
  }
};

TEST_F(LedgerBatches, ARefusedPostingFailsAloneKeepsNothingAndItsKeyMayPostLater) {
  const std::string partner = NewPartner();
  const std::string spender = MemberWith(partner, 100);
  const std::string earner = NewMember();
  const std::string frozen = MemberWith(partner, 100);
  Suspend(frozen);
  CreatePostingRequest unbalanced = Credit(UniqueId("bad"), earner, partner, 5);
  unbalanced.mutable_legs(1)->set_points(6);
  const std::vector<CreatePostingRequest> batch = {
      Spend(UniqueId("first"), spender, partner, 60),
      Spend(UniqueId("second"), spender, partner, 60),  // 40 left: refused
      Credit(UniqueId("earn"), earner, partner, 25),
      Spend(UniqueId("frozen"), frozen, partner, 10),  // a suspended member cannot spend
      unbalanced,
      Spend(UniqueId("third"), spender, partner, 40),  // planned after the refusal: fits
  };
  const int64_t before = LastLedgerSequence();
  const auto posted = Post(batch);
  ASSERT_TRUE(posted.status.ok()) << posted.status.error_message();
  const auto& results = posted.response.results();
  ASSERT_EQ(results.size(), 6);
  EXPECT_EQ(results[0].code(), kOk);
  EXPECT_EQ(results[1].code(), kFailedPrecondition);
  EXPECT_THAT(results[1].message(), HasSubstr("postings[1]."));
  EXPECT_EQ(results[2].code(), kOk);
  EXPECT_EQ(results[3].code(), kFailedPrecondition);
  EXPECT_EQ(results[4].code(), kInvalidArgument);
  EXPECT_THAT(results[4].message(), HasSubstr("postings[4].legs"));
  EXPECT_EQ(results[5].code(), kOk);
  EXPECT_EQ(Balance(spender).available_points(), 0);
  EXPECT_EQ(Balance(earner).available_points(), 25);
  EXPECT_EQ(Balance(frozen).available_points(), 100);
  const int64_t after = LastLedgerSequence();
  EXPECT_EQ(after - before, 3);

  // The same call again (a retry): the postings come back as they were, the refusals are refused
  // again, and nothing moves.
  const auto again = Post(batch);
  ASSERT_TRUE(again.status.ok());
  for (int i : {0, 2, 5}) {
    EXPECT_EQ(again.response.results(i).code(), kOk);
    EXPECT_EQ(again.response.results(i).posting().sequence(), results[i].posting().sequence());
  }
  EXPECT_EQ(again.response.results(1).code(), kFailedPrecondition);
  EXPECT_EQ(LastLedgerSequence(), after);
  EXPECT_EQ(Balance(spender).available_points(), 0);

  // A refusal kept no claim: once the points are there, the refused key posts.
  ASSERT_EQ(Post({Credit(UniqueId("top-up"), spender, partner, 60)}).response.results(0).code(),
            kOk);
  const auto later = Post({batch[1]});
  EXPECT_EQ(later.response.results(0).code(), kOk) << later.response.results(0).message();
  EXPECT_EQ(Balance(spender).available_points(), 0);
}

TEST_F(LedgerBatches, ARequestRepeatedInOneCallIsPostedOnce) {
  const std::string partner = NewPartner();
  const std::string member = MemberWith(partner, 100);
  const std::string key = UniqueId("twice");
  const auto posted = Post({Spend(key, member, partner, 70), Spend(key, member, partner, 70),
                            Spend(key, member, partner, 10)});  // other content, same key
  ASSERT_TRUE(posted.status.ok());
  const auto& results = posted.response.results();
  EXPECT_EQ(results[0].code(), kOk);
  EXPECT_EQ(results[1].code(), kOk);
  EXPECT_EQ(results[1].posting().sequence(), results[0].posting().sequence());
  EXPECT_EQ(results[2].code(), kAlreadyExists);
  EXPECT_EQ(Balance(member).available_points(), 30);
  EXPECT_EQ(PostingsUnder(key), 1);
}

// Many single postings at once on one member, more than its points cover: group commit puts many
// of them in one batch, where the planner refuses the ones the balance no longer covers.
TEST_F(LedgerBatches, ConcurrentSpendsOfOneMemberNeverOverdrawIt) {
  constexpr int kSpends = 32;
  const std::string partner = NewPartner();
  const std::string member = MemberWith(partner, 500);
  std::latch start(kSpends);
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kSpends; ++i) {
    clients.emplace_back([&, i] {
      const CreatePostingRequest spend = Spend(UniqueId(absl::StrCat("spend", i)), member,
                                               partner, 100);
      start.arrive_and_wait();
      const auto posted =
          Call(platform().ledger(), &LedgerService::Stub::CreatePosting, spend, "redemption");
      if (posted.status.ok()) {
        ++ok;
      } else if (posted.status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(ok.load(), 5);
  EXPECT_EQ(refused.load(), kSpends - 5);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Balance(member).available_points(), 0);
}

// Bulk calls and single postings at once, sharing members and keys in different orders: each key
// is posted once and every copy of it gets that posting, and no member goes below zero.
TEST_F(LedgerBatches, OverlappingBatchesSharingKeysAndMembersPostEachKeyOnce) {
  constexpr int kMembers = 6;
  constexpr int kKeys = 40;
  constexpr size_t kCallers = 6;
  const std::string partner = NewPartner();
  std::vector<std::string> members;
  for (int m = 0; m < kMembers; ++m) members.push_back(MemberWith(partner, 300));
  std::vector<CreatePostingRequest> spends;
  for (int k = 0; k < kKeys; ++k) {
    spends.push_back(Spend(UniqueId(absl::StrCat("k", k)),
                           members[static_cast<size_t>(k % kMembers)], partner, 50));
  }
  std::latch start(kCallers);
  // Per caller, per key: the answer's code and posting sequence.
  std::vector<std::map<std::string, std::pair<int, int64_t>>> seen(kCallers);
  std::vector<std::thread> callers;
  for (size_t c = 0; c < kCallers; ++c) {
    callers.emplace_back([&, c] {
      std::vector<CreatePostingRequest> mine = spends;
      if (c % 2 == 1) std::reverse(mine.begin(), mine.end());
      std::rotate(mine.begin(), mine.begin() + static_cast<ptrdiff_t>(7 * c), mine.end());
      start.arrive_and_wait();
      // ABORTED says "retry" (a deadlock or lock wait lost under this contention, after the
      // service's own retries): a client does, until it gets the key's answer.
      constexpr int kAborted = 10;
      for (int attempt = 0; attempt < 20 && !mine.empty(); ++attempt) {
        std::vector<CreatePostingRequest> again;
        const auto note = [&](const CreatePostingRequest& spend, int code, int64_t sequence,
                              const std::string& message) {
          if (code == kAborted) {
            again.push_back(spend);
            return;
          }
          seen[c][spend.request_id()] = {code, sequence};
          if (code != kOk && code != kFailedPrecondition) ADD_FAILURE() << message;
        };
        if (c % 3 == 0) {  // single postings, through the group commit
          for (const CreatePostingRequest& spend : mine) {
            const auto posted = Call(platform().ledger(), &LedgerService::Stub::CreatePosting,
                                     spend, "redemption");
            note(spend, posted.status.error_code(), posted.response.sequence(),
                 posted.status.error_message());
          }
        } else {
          const auto posted = Post(mine);
          ASSERT_TRUE(posted.status.ok()) << posted.status.error_message();
          for (size_t i = 0; i < mine.size(); ++i) {
            const auto& result = posted.response.results(static_cast<int>(i));
            note(mine[i], result.code(), result.posting().sequence(), result.message());
          }
        }
        mine = std::move(again);
      }
      EXPECT_TRUE(mine.empty()) << "still ABORTED after 20 attempts";
    });
  }
  for (std::thread& caller : callers) caller.join();
  // Balances only fall here, so a key refused once is refused for every copy, and a key posted
  // once is that posting for every copy.
  for (const CreatePostingRequest& spend : spends) {
    const int64_t posted = PostingsUnder(spend.request_id());
    const auto [first_code, first_sequence] = seen[0].at(spend.request_id());
    EXPECT_TRUE(first_code == kOk || first_code == kFailedPrecondition)
        << spend.request_id() << " got " << first_code;
    EXPECT_EQ(posted, first_code == kOk ? 1 : 0) << spend.request_id();
    for (size_t c = 1; c < kCallers; ++c) {
      const auto [code, sequence] = seen[c].at(spend.request_id());
      EXPECT_EQ(code, first_code) << spend.request_id() << ", caller " << c;
      EXPECT_EQ(sequence, first_sequence) << "copies of one key got different postings";
    }
  }
  // 300 points cover six of a member's spends of 50, and each has six or seven of them.
  for (const std::string& member : members) {
    EXPECT_EQ(Balance(member).available_points(), 0);
  }
}

}  // namespace
}  // namespace coalition::testing
