// Lets calls through until it is closed; closing waits for the calls under way, and later ones
// are refused.
//
// The all-in-one binary needs it. Its services call the account service over the server's
// in-process channel, and gRPC 1.51 crashes (SIGSEGV: the in-process transport calls a null
// accept-stream callback) when a call is made on that channel after the server has begun to shut
// down. So coalition-all closes the gate before its server's Shutdown; a call after that (a hold
// sweep, a ledger follow, a handler still running) gets UNAVAILABLE instead.
//
//   CallGate gate;
//   if (CallGate::Pass pass(&gate); pass.entered()) { ...call... }
//   gate.Close();  // waits for every Pass still entered
#pragma once

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace coalition {

class CallGate {
 public:
  // Entered through `gate` (if it is open) for as long as it lives; a null gate is always open.
  class Pass {
   public:
    explicit Pass(CallGate* gate)
        : gate_(gate != nullptr && gate->Enter() ? gate : nullptr),
          entered_(gate == nullptr || gate_ != nullptr) {}
    ~Pass() {
      if (gate_ != nullptr) gate_->Leave();
    }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

    bool entered() const { return entered_; }

   private:
    CallGate* const gate_;
    const bool entered_;
  };

  // Refuses new passes, then waits until every entered one has gone.
  void Close() {
    absl::MutexLock lock(&mu_);
    closed_ = true;
    mu_.Await(absl::Condition(
        +[](int* inside) { return *inside == 0; }, &inside_));
  }

 private:
  bool Enter() {
    absl::MutexLock lock(&mu_);
    if (closed_) return false;
    ++inside_;
    return true;
  }
  void Leave() {
    absl::MutexLock lock(&mu_);
    --inside_;
  }

  absl::Mutex mu_;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  int inside_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace coalition
