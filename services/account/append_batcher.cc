#include "services/account/append_batcher.h"

#include <algorithm>
#include <utility>

namespace coalition::account {

absl::StatusOr<v1::Posting> AppendBatcher::Append(const PostingDraft& draft) {
  Waiter mine{&draft, true, std::nullopt};
  absl::MutexLock lock(&mu_);
  queue_.push_back(&mine);
  // Answered by some batch, or still queued when a writer slot is free: then this thread writes
  // the next batch, which holds its own draft (the queue is first come, first written).
  const auto answered_or_may_write = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return mine.answer.has_value() || (mine.queued && writers_ < limits_.max_writers);
  };
  while (true) {
    mu_.Await(absl::Condition(&answered_or_may_write));
    if (mine.answer.has_value()) return *std::move(mine.answer);
    WriteNextBatch();
  }
}

void AppendBatcher::WriteNextBatch() {
  const size_t size = std::min(queue_.size(), static_cast<size_t>(limits_.max_batch));
  std::vector<Waiter*> batch(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(size));
  queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(size));
  std::vector<const PostingDraft*> drafts;
  drafts.reserve(size);
  for (Waiter* waiter : batch) {
    waiter->queued = false;
    drafts.push_back(waiter->draft);
  }
  ++writers_;
  ++counts_.batches;
  counts_.drafts += static_cast<int64_t>(size);
  mu_.Unlock();
  std::vector<absl::StatusOr<v1::Posting>> answers = write_(drafts);
  mu_.Lock();
  --writers_;
  for (size_t i = 0; i < size; ++i) {
    batch[i]->answer = i < answers.size()
                           ? std::move(answers[i])
                           : absl::InternalError("the ledger's batch answered too few postings");
  }
}

AppendBatcher::Counts AppendBatcher::counts() const {
  absl::MutexLock lock(&mu_);
  Counts counts = counts_;
  counts.queued = static_cast<int64_t>(queue_.size());
  return counts;
}

}  // namespace coalition::account
