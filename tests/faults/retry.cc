#include "tests/faults/retry.h"

#include <thread>

namespace coalition::faults {

bool IsTransient(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
    case grpc::StatusCode::CANCELLED:
      return true;
    default:
      return false;
  }
}

int64_t RetryCounts::Total() const {
  int64_t total = 0;
  for (const auto& count : by_code_) total += count.load();
  return total;
}

absl::Duration Jittered(absl::Duration backoff) {
  thread_local std::minstd_rand random(
      static_cast<unsigned>(std::hash<std::thread::id>()(std::this_thread::get_id())));
  // Between half and all of the backoff, so retries after one crash do not arrive together.
  return backoff / 2 + backoff * std::uniform_real_distribution<double>(0.0, 0.5)(random);
}

}  // namespace coalition::faults
