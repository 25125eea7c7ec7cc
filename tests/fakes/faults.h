// Faults the fakes inject into a saga under test: the n-th call to any fake sharing a Faults
// fails, before its effect (the call never happened) or after it (it happened, the reply was
// lost), with the status a test chooses: UNAVAILABLE as from a network, or a crash.
//
//   Faults faults;
//   store.faults = &faults;
//   accounts.faults = &faults;
//   faults.FailCall(2, Faults::kAfter, absl::UnavailableError("reply lost"));
//   EXPECT_THAT(pending.Confirm(caller, request), StatusIs(absl::StatusCode::kUnavailable));
//
// A fake calls `RETURN_IF_ERROR(Before(faults, "Settle"))` on entry and
// `RETURN_IF_ERROR(After(faults))` once its effect is made.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace coalition {

class Faults {
 public:
  enum When { kBefore, kAfter };

  // Fails the `call`-th call (from 0) counted from now on.
  void FailCall(int call, When when, absl::Status status) {
    fail_call_ = calls_ + call;
    when_ = when;
    status_ = std::move(status);
  }

  absl::Status Before(absl::string_view step) {
    current_ = calls_++;
    steps.emplace_back(step);
    if (current_ == fail_call_ && when_ == kBefore) return Fire();
    return absl::OkStatus();
  }
  absl::Status After() {
    if (current_ == fail_call_ && when_ == kAfter) return Fire();
    return absl::OkStatus();
  }

  std::vector<std::string> steps;  // every call's step, in order
  bool fired = false;

 private:
  absl::Status Fire() {
    fail_call_ = -1;
    fired = true;
    return status_;
  }
  int calls_ = 0;
  int current_ = -1;
  int fail_call_ = -1;
  When when_ = kBefore;
  absl::Status status_;
};

// For fakes whose Faults is optional (nullptr: no faults).
inline absl::Status Before(Faults* faults, absl::string_view step) {
  return faults == nullptr ? absl::OkStatus() : faults->Before(step);
}
inline absl::Status After(Faults* faults) {
  return faults == nullptr ? absl::OkStatus() : faults->After();
}

}  // namespace coalition
