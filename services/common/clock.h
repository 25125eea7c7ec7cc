// The source of business time (posting times, statement periods). Injected everywhere so that
// tests move time by hand instead of sleeping.
//
//   FakeClock clock(absl::FromUnixSeconds(1'700'000'000));
//   clock.Advance(absl::Hours(24));
#pragma once

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace coalition {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
  // One shared instance, for code that needs a Clock& but has no business clock.
  static const SystemClock& Instance() {
    static const SystemClock instance;
    return instance;
  }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start) : now_(start) {}
  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Advance(absl::Duration by) {
    absl::MutexLock lock(&mu_);
    now_ += by;
  }
  void Set(absl::Time to) {
    absl::MutexLock lock(&mu_);
    now_ = to;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

// Real time plus an offset that only grows: what a sandbox runs on (see SandboxClockService), so
// a scenario can jump months ahead while time still passes between calls.
class SandboxClock final : public Clock {
 public:
  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return absl::Now() + offset_;
  }
  absl::Time Advance(absl::Duration by) {
    absl::MutexLock lock(&mu_);
    offset_ += by;
    return absl::Now() + offset_;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Duration offset_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition
