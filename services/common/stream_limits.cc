#include "services/common/stream_limits.h"

#include "absl/strings/str_cat.h"

namespace coalition {

StreamSlot::~StreamSlot() {
  if (limits_ != nullptr) limits_->Release(caller_);
}

absl::StatusOr<StreamSlot> StreamLimits::Acquire(const std::string& caller) {
  absl::MutexLock lock(&mu_);
  const auto it = by_caller_.find(caller);
  const int mine = it == by_caller_.end() ? 0 : it->second;
  if (mine >= caps_.per_caller) {
    return absl::ResourceExhaustedError(
        absl::StrCat("open streams: '", caller, "' already has ", mine,
                     ", the most one caller may have open (max_streams_per_caller); close one "
                     "before opening another"));
  }
  if (open_ >= caps_.total) {
    return absl::ResourceExhaustedError(
        absl::StrCat("open streams: ", open_,
                     " are open, the most this server takes (max_streams); retry later"));
  }
  ++by_caller_[caller];
  ++open_;
  return StreamSlot(this, caller);
}

void StreamLimits::Release(const std::string& caller) {
  absl::MutexLock lock(&mu_);
  --open_;
  auto it = by_caller_.find(caller);
  if (--it->second == 0) by_caller_.erase(it);
}

}  // namespace coalition
