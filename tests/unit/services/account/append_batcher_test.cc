#include "services/account/append_batcher.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::account {
namespace {

using ::testing::ElementsAre;

PostingDraft DraftNumber(int n) {
  PostingDraft draft;
  draft.key.request_id = "r" + std::to_string(n);
  draft.posting.set_reference(draft.key.request_id);
  return draft;
}

// Answers each draft with a posting whose reference is its request id, and refuses "r13".
std::vector<absl::StatusOr<v1::Posting>> Echo(std::span<const PostingDraft* const> drafts) {
  std::vector<absl::StatusOr<v1::Posting>> answers;
  for (const PostingDraft* draft : drafts) {
    if (draft->key.request_id == "r13") {
      answers.push_back(absl::FailedPreconditionError("unlucky"));
    } else {
      answers.push_back(draft->posting);
    }
  }
  return answers;
}

TEST(AppendBatcherTest, ALoneRequestIsWrittenAtOnceInABatchOfItsOwn) {
  std::vector<size_t> sizes;
  AppendBatcher batcher(
      [&](std::span<const PostingDraft* const> drafts) {
        sizes.push_back(drafts.size());
        return Echo(drafts);
      },
      {.max_batch = 64, .max_writers = 1});
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<v1::Posting> posted = batcher.Append(DraftNumber(i));
    ASSERT_THAT(posted.status(), IsOk());
    EXPECT_EQ(posted->reference(), "r" + std::to_string(i));
  }
  EXPECT_THAT(sizes, ElementsAre(1, 1, 1));
}

TEST(AppendBatcherTest, RequestsArrivingDuringAWriteShareTheNextBatchAndGetTheirOwnAnswers) {
  absl::Notification first_started, release_first;
  std::vector<size_t> sizes;
  AppendBatcher batcher(
      [&](std::span<const PostingDraft* const> drafts) {
        sizes.push_back(drafts.size());
        if (drafts.front()->key.request_id == "r0") {
          first_started.Notify();
          release_first.WaitForNotification();
        }
        return Echo(drafts);
      },
      {.max_batch = 8, .max_writers = 1});
  std::vector<absl::StatusOr<v1::Posting>> answers(21, absl::UnknownError("not run"));
  std::thread first([&] { answers[0] = batcher.Append(DraftNumber(0)); });
  // Each thread writes only its own slot.
  first_started.WaitForNotification();
  std::vector<std::thread> others;
  for (int i = 1; i <= 20; ++i) {
    others.emplace_back(
        [&, i] { answers[static_cast<size_t>(i)] = batcher.Append(DraftNumber(i)); });
  }
  // Every other request is queued behind the write in progress before it ends.
  while (batcher.counts().queued < 20) absl::SleepFor(absl::Milliseconds(1));
  EXPECT_EQ(batcher.counts().batches, 1);
  release_first.Notify();
  first.join();
  for (std::thread& other : others) other.join();
  for (size_t i = 0; i <= 20; ++i) {
    if (i == 13) {
      EXPECT_THAT(answers[i].status(), StatusIs(absl::StatusCode::kFailedPrecondition));
      continue;
    }
    ASSERT_THAT(answers[i].status(), IsOk()) << i;
    EXPECT_EQ(answers[i]->reference(), "r" + std::to_string(i));
  }
  // The lone first, then the twenty that waited: full batches of eight, then the rest.
  EXPECT_THAT(sizes, ElementsAre(1, 8, 8, 4));
  EXPECT_EQ(batcher.counts().drafts, 21);
}

TEST(AppendBatcherTest, ManyWritersAtOnceNeverExceedTheLimit) {
  std::atomic<int> writing{0}, most{0};
  AppendBatcher batcher(
      [&](std::span<const PostingDraft* const> drafts) {
        const int now = ++writing;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        absl::SleepFor(absl::Milliseconds(2));
        --writing;
        return Echo(drafts);
      },
      {.max_batch = 4, .max_writers = 2});
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < 20; ++i) {
        if (batcher.Append(DraftNumber(100 * (c + 1) + i)).ok()) ++ok;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(ok.load(), 160);
  EXPECT_LE(most.load(), 2);
  EXPECT_LT(batcher.counts().batches, 160);  // some were gathered
}

}  // namespace
}  // namespace coalition::account
