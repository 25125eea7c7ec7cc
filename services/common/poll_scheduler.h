// Polls many waiting things on a few threads. Each poller says when it next wants to be polled;
// between polls it holds no thread. This is what lets thousands of open streams
// (WatchMemberEvents) wait for events on two threads instead of one thread each, and bounds the
// database connections their polls take to the number of threads.
//
//   class Watch : public Pollable {
//     void Poll() override { ...read...; scheduler_.PollAt(this, absl::Now() + interval); }
//   };
//   PollScheduler scheduler(/*threads=*/2);
//   scheduler.PollAt(&watch, absl::InfinitePast());  // at once
//   scheduler.PollNow(&watch);  // e.g. on cancellation: a waiting poll comes forward
//
// When more polls are due than the threads keep up with, they run late, in due order; nothing
// else slows down.
#pragma once

#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace coalition {

class Pollable {
 public:
  virtual ~Pollable() = default;
  // Runs on one of the scheduler's threads, never twice at once for one poller. It may block
  // (a database read); it schedules its own next poll, if any.
  virtual void Poll() = 0;
  // True once something happened that the next poll must see at once (a cancellation): a
  // PollAt then polls at once. Read under the scheduler's lock, so a change made before a
  // PollNow that found nothing waiting is never missed.
  virtual bool Urgent() const { return false; }
};

class PollScheduler {
 public:
  explicit PollScheduler(int threads);
  // Waits for the polls running now; those still waiting are dropped. Their pollers must be
  // gone by then (a server shut down first).
  ~PollScheduler();
  PollScheduler(const PollScheduler&) = delete;
  PollScheduler& operator=(const PollScheduler&) = delete;

  // Polls `pollable` at `when` (at once if that has passed). It must not be waiting already,
  // and must stay alive until it is polled.
  void PollAt(Pollable* pollable, absl::Time when);
  // A waiting `pollable` is polled at once instead of when it asked. One not waiting (being
  // polled, or not scheduled at all) is left alone: it sees what changed when it next polls.
  void PollNow(Pollable* pollable);
  // Every waiting poller at once (shutdown: let every stream see that it must end).
  void PollAllNow();

  // How many are waiting (tests).
  size_t waiting() const;

 private:
  void Run();
  void Schedule(Pollable* pollable, absl::Time when) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  absl::CondVar wake_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Waiting pollers in due order, and each one's due time to find it there.
  std::set<std::pair<absl::Time, Pollable*>> due_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<Pollable*, absl::Time> when_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> threads_;
};

}  // namespace coalition
