// Fails one chosen call among those a test's fakes take, to stage a crash or an outage between
// the steps of a saga. Each fake asks Before(name) as a call starts and After(name) once it has
// done its work (a write committed): failing Before means the call never happened, failing
// After means it happened but its caller never heard (a crash right after the step, a lost
// reply). Calls are counted from 1 across every fake sharing the plan.
//
//   FaultPlan plan;
//   plan.Fail(3, FaultPlan::kAfter, absl::UnavailableError("injected"));
//   FakeAccountApi accounts(&plan);
//   FakeTotalsStore store(calendar, &plan);
//
// Or every call of a scenario in turn, each way (EveryCallFailing below).
#pragma once

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace coalition::testing {

class FaultPlan {
 public:
  enum When { kBefore, kAfter };

  // Fails the `call`th call (from 1) with `status`, at `when`; once.
  void Fail(int call, When when, absl::Status status) {
    call_ = call;
    when_ = when;
    status_ = std::move(status);
  }

  absl::Status Before(absl::string_view name) {
    ++calls_;
    return Fire(kBefore, name);
  }
  absl::Status After(absl::string_view name) { return Fire(kAfter, name); }

  int calls() const { return calls_; }
  bool fired() const { return fired_; }
  // The call that failed, e.g. "Apply (after)", for test messages.
  const std::string& fired_at() const { return fired_at_; }

 private:
  absl::Status Fire(When when, absl::string_view name) {
    if (fired_ || calls_ != call_ || when != when_) return absl::OkStatus();
    fired_ = true;
    fired_at_ = absl::StrCat(name, when == kBefore ? " (before)" : " (after)");
    return status_;
  }

  int calls_ = 0;
  int call_ = 0;  // none
  When when_ = kBefore;
  absl::Status status_;
  bool fired_ = false;
  std::string fired_at_;
};

// A way a step fails: a crash (an error that aborts it) or an outage, before or after it acts.
struct StagedFault {
  FaultPlan::When when;
  absl::Status status;
};
inline std::vector<StagedFault> CrashesAndOutages() {
  return {{FaultPlan::kBefore, absl::InternalError("injected crash")},
          {FaultPlan::kAfter, absl::InternalError("injected crash")},
          {FaultPlan::kBefore, absl::UnavailableError("injected outage")},
          {FaultPlan::kAfter, absl::UnavailableError("injected outage")}};
}

// Runs `scenario` with each of `faults` at each call in turn, from the first until a run makes
// fewer calls, with a fresh plan each time (the scenario builds its fakes on it and checks the
// end state). Returns the calls that failed, e.g. "Apply (after)", to check every step was hit.
inline std::set<std::string> EveryCallFailing(
    const std::vector<StagedFault>& faults,
    const std::function<void(FaultPlan& plan, const StagedFault& fault)>& scenario) {
  std::set<std::string> failed;
  for (const StagedFault& fault : faults) {
    for (int call = 1; call < 100'000; ++call) {
      FaultPlan plan;
      plan.Fail(call, fault.when, fault.status);
      scenario(plan, fault);
      if (!plan.fired()) break;  // past the last call of a run
      failed.insert(plan.fired_at());
    }
  }
  return failed;
}

}  // namespace coalition::testing
