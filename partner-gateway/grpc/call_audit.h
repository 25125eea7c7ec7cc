// What the audit log (audit_log.h) gets for each mutating call by an identified caller:
//   - a call answered OK: a record of its own, written before the answer;
//   - a refusal (any other answer): the first of its kind -- same caller, method and status --
//     opens a window (a minute by default) and gets a record of its own, written before the
//     answer; the rest of that kind in the window are only counted, and one record holding the
//     count (AuditRecord.aggregated_refusals) is written when the window ends.
// So a flood of refusals writes at most two records per kind per window however fast it comes,
// and after the first never waits on the chain's lock: it can neither grow the log nor slow the
// audited calls of others. Every refusal is still accounted for, in the same hash chain.
//
//   CallAudit audit(log, clock, absl::Minutes(1));  // a thread of its own writes the counts
//   audit.Record(who, method, request_bytes, status_code);
#pragma once

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "coalition/gateway/v1/audit.pb.h"
#include "partner-gateway/store/audit_log.h"
#include "partner-gateway/identity.h"
#include "services/common/clock.h"

namespace coalition::gateway {

// The counting, apart from the writing. Not thread-safe; CallAudit locks around it.
class RefusalTally {
 public:
  struct Kind {
    std::string caller;
    std::string role;
    std::string method;
    int status_code = 0;

    bool operator==(const Kind&) const = default;
    template <typename H>
    friend H AbslHashValue(H hash, const Kind& kind) {
      return H::combine(std::move(hash), kind.caller, kind.role, kind.method, kind.status_code);
    }
  };
  // Refusals of one kind counted after the first of a window that ended at `window_end`.
  struct Count {
    Kind kind;
    int64_t refusals = 0;
    absl::Time window_end;
  };

  explicit RefusalTally(absl::Duration window) : window_(window) {}

  // True for the first refusal of its kind in a window (to be written in full); false when it
  // is only counted.
  bool Add(const Kind& kind, absl::Time now);
  // The counts of the windows that ended by `now` (with anything counted), and forgets them.
  std::vector<Count> TakeEnded(absl::Time now) { return Take(now, /*cut_short=*/false); }
  // Every count, the windows still open cut short at `now` (the gateway is stopping).
  std::vector<Count> TakeAll(absl::Time now) { return Take(now, /*cut_short=*/true); }

 private:
  struct Window {
    absl::Time end;
    int64_t counted = 0;
  };

  std::vector<Count> Take(absl::Time now, bool cut_short);

  const absl::Duration window_;
  // One entry per kind with a window open: bounded by identities x API methods x status codes,
  // since only methods the API has are audited.
  absl::flat_hash_map<Kind, Window> open_;
  std::vector<Count> ended_;  // windows a later refusal found ended before TakeEnded did
};

class CallAudit {
 public:
  CallAudit(AuditLog& log, const Clock& clock, absl::Duration window);
  // Writes every count still held, ended or not: the gateway is stopping.
  ~CallAudit();

  // A mutating call's outcome, `request` its bytes. `method` is one the API has (the proxy
  // audits no other), which keeps the kinds of refusal bounded. The call happened (or was
  // refused) either way, so a record that cannot be written is logged, never turned into the
  // call's answer.
  void Record(const Identity& who, absl::string_view method, absl::string_view request,
              int status_code);

 private:
  void WriteEndedWindows();  // the thread's loop
  void Write(const std::vector<RefusalTally::Count>& counts);
  void Write(const v1::AuditRecord& record);

  AuditLog& log_;
  const Clock& clock_;
  const absl::Duration window_;
  absl::Mutex mu_;
  RefusalTally tally_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread writer_;
};

}  // namespace coalition::gateway
