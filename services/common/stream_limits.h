// Caps on open streams: so many per caller, so many in all. A stream holds a slot for as long as
// it is open; one caller's streams then cannot take every slot, and all callers' together cannot
// take the process's memory or its database. Used by the account service (WatchMemberEvents) and
// by the gateway, which refuses a caller's excess streams before they reach any service.
//
//   StreamLimits limits({.per_caller = 32, .total = 2000});
//   ASSIGN_OR_RETURN(StreamSlot slot, limits.Acquire("partner:hotel"));
//   ... the stream runs; destroying `slot` frees it ...
#pragma once

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace coalition {

struct StreamCaps {
  int per_caller = 32;  // --max_streams_per_caller
  int total = 2000;     // --max_streams
};

class StreamLimits;

// One open stream's place; frees it when destroyed. Movable, not copyable.
class StreamSlot {
 public:
  StreamSlot(StreamSlot&& other) noexcept
      : limits_(other.limits_), caller_(std::move(other.caller_)) {
    other.limits_ = nullptr;
  }
  StreamSlot& operator=(StreamSlot&&) = delete;
  StreamSlot(const StreamSlot&) = delete;
  ~StreamSlot();

 private:
  friend class StreamLimits;
  StreamSlot(StreamLimits* limits, std::string caller)
      : limits_(limits), caller_(std::move(caller)) {}

  StreamLimits* limits_;
  std::string caller_;
};

class StreamLimits {
 public:
  explicit StreamLimits(StreamCaps caps) : caps_(caps) {}

  // A slot for one more stream of `caller` (an opaque name; "" for callers who gave none, who
  // share one count). RESOURCE_EXHAUSTED naming the cap that is full. Must outlive the slot.
  absl::StatusOr<StreamSlot> Acquire(const std::string& caller);

  int open() const {
    absl::MutexLock lock(&mu_);
    return open_;
  }

 private:
  friend class StreamSlot;
  void Release(const std::string& caller);

  const StreamCaps caps_;
  mutable absl::Mutex mu_;
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, int> by_caller_ ABSL_GUARDED_BY(mu_);  // none at zero
};

}  // namespace coalition
