// Group commit for the ledger: appends that arrive while earlier batches are being written are
// gathered and handed to the writer together, so many postings share one transaction and one
// durable commit.
//
// No timer: a request that finds a writer slot free starts a batch at once, so a single client
// never waits; requests arriving while every slot is busy queue, and the next free slot takes up
// to `max_batch` of them. Batches grow with the load and with the commit's latency, as a
// database's own group commit does. The thread of a request that starts a batch writes it (no
// hand-off to a writer thread); the others wait for their own answers.
//
//   AppendBatcher batcher(
//       [&](std::span<const PostingDraft* const> drafts) { return WriteInOneTransaction(drafts); },
//       {.max_batch = 64, .max_writers = 2});
//   absl::StatusOr<v1::Posting> posted = batcher.Append(draft);
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/ledger_store.h"

namespace coalition::account {

class AppendBatcher {
 public:
  // Answers for `drafts`, in order (LedgerStore::AppendAll). The drafts are the waiting callers'
  // own, not copies: they live until their answers are given.
  using WriteBatch =
      std::function<std::vector<absl::StatusOr<v1::Posting>>(std::span<const PostingDraft* const>)>;
  struct Limits {
    int max_batch = 64;   // drafts in one batch
    int max_writers = 2;  // batches written at once (each holds a database connection)
  };

  AppendBatcher(WriteBatch write, Limits limits) : write_(std::move(write)), limits_(limits) {}

  // The draft's answer, written in some batch.
  absl::StatusOr<v1::Posting> Append(const PostingDraft& draft);

  // Batches written so far and the drafts in them (how well appends are being gathered), and the
  // drafts waiting for a writer now.
  struct Counts {
    int64_t batches = 0;
    int64_t drafts = 0;
    int64_t queued = 0;
  };
  Counts counts() const;

 private:
  struct Waiter {
    const PostingDraft* draft;
    bool queued = true;
    std::optional<absl::StatusOr<v1::Posting>> answer;
  };

  // Writes the queue's first drafts as one batch, with mu_ released meanwhile.
  void WriteNextBatch() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const WriteBatch write_;
  const Limits limits_;
  mutable absl::Mutex mu_;
  std::deque<Waiter*> queue_ ABSL_GUARDED_BY(mu_);
  int writers_ ABSL_GUARDED_BY(mu_) = 0;
  Counts counts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::account
