#include "services/common/poll_scheduler.h"

#include "absl/time/clock.h"
#include "services/common/check.h"

namespace coalition {

PollScheduler::PollScheduler(int threads) {
  COALITION_CHECK(threads > 0, "a scheduler needs a thread to poll on");
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
}

PollScheduler::~PollScheduler() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    wake_.SignalAll();
  }
  for (std::thread& thread : threads_) thread.join();
}

void PollScheduler::PollAt(Pollable* pollable, absl::Time when) {
  absl::MutexLock lock(&mu_);
  COALITION_CHECK(!when_.contains(pollable), "a poller waits for one poll at a time");
  Schedule(pollable, pollable->Urgent() ? absl::InfinitePast() : when);
}

void PollScheduler::PollNow(Pollable* pollable) {
  absl::MutexLock lock(&mu_);
  const auto it = when_.find(pollable);
  if (it == when_.end()) return;
  due_.erase({it->second, pollable});
  when_.erase(it);
  Schedule(pollable, absl::InfinitePast());
}

void PollScheduler::PollAllNow() {
  absl::MutexLock lock(&mu_);
  due_.clear();
  for (auto& [pollable, when] : when_) {
    when = absl::InfinitePast();
    due_.emplace(when, pollable);
  }
  wake_.SignalAll();
}

size_t PollScheduler::waiting() const {
  absl::MutexLock lock(&mu_);
  return due_.size();
}

void PollScheduler::Schedule(Pollable* pollable, absl::Time when) {
  due_.emplace(when, pollable);
  when_[pollable] = when;
  // One thread is enough: it polls this one, or, if it is not due yet, waits until it is.
  wake_.Signal();
}

void PollScheduler::Run() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    if (due_.empty()) {
      wake_.Wait(&mu_);
      continue;
    }
    const auto [when, pollable] = *due_.begin();
    if (when > absl::Now()) {
      wake_.WaitWithDeadline(&mu_, when);
      continue;
    }
    due_.erase(due_.begin());
    when_.erase(pollable);
    // Another thread may be waiting for what is due next, behind this one.
    if (!due_.empty()) wake_.Signal();
    mu_.Unlock();
    pollable->Poll();
    mu_.Lock();
  }
}

}  // namespace coalition
