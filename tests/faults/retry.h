// Sending one request until it has a definitive answer, as a careful client of the platform
// does: every attempt has a deadline; after a transient failure the very same request (same
// request_id, same content) goes again after a capped, jittered exponential backoff; and the
// whole has a limit, past which the request is reported undecided rather than retried forever.
//
//   RetryCounts retries;
//   Answer<v1::Hold> held = SendUntilDefinitive(stub, &RedemptionService::Stub::HoldPoints,
//                                               request, "partner:hotel", RetryPolicy{}, retries);
//   if (held.undecided) ...  // the platform never gave a definitive answer
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <random>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "services/common/grpc/unary_call.h"

namespace coalition::faults {

// UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, INTERNAL, UNKNOWN, RESOURCE_EXHAUSTED and CANCELLED:
// the request may or may not have been done, and its retry finishes it. Anything else (OK, or a
// refusal such as FAILED_PRECONDITION) is the request's answer.
bool IsTransient(grpc::StatusCode code);

struct RetryPolicy {
  absl::Duration deadline = absl::Seconds(5);  // per attempt
  absl::Duration first_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(2);
  // A claim whose runner was killed holds its key for a 30 s lease, and a waiting copy gives up
  // after 10 s (ABORTED): a request caught in a crash may need about 45 s. Well past that, and
  // past a MariaDB restart, something is wrong.
  absl::Duration give_up_after = absl::Seconds(150);
};

// Transient answers seen, by status code: each one was followed by a retry (or by giving up).
class RetryCounts {
 public:
  void Count(grpc::StatusCode code) { by_code_[Index(code)].fetch_add(1); }
  int64_t Of(grpc::StatusCode code) const { return by_code_[Index(code)].load(); }
  int64_t Total() const;

 private:
  static size_t Index(grpc::StatusCode code) {
    return static_cast<size_t>(code) < kCodes ? static_cast<size_t>(code) : kCodes - 1;
  }
  static constexpr size_t kCodes = 17;
  std::array<std::atomic<int64_t>, kCodes> by_code_{};
};

template <typename Response>
struct Answer {
  grpc::Status status;
  Response response;
  int attempts = 0;
  bool undecided = false;  // still transient when the policy gave up
  absl::Duration took;     // from the first send to the answer
};

// The jitter of one thread's backoffs (timing is not part of what a seed reproduces).
absl::Duration Jittered(absl::Duration backoff);

template <typename Stub, typename Request, typename Response>
Answer<Response> SendUntilDefinitive(Stub& stub,
                                     grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                                  const Request&, Response*),
                                     const Request& request, absl::string_view caller,
                                     const RetryPolicy& policy, RetryCounts& retries) {
  const absl::Time start = absl::Now();
  absl::Duration backoff = policy.first_backoff;
  Answer<Response> answer;
  for (;;) {
    answer.response.Clear();
    answer.status = UnaryCallStatus(stub, method, request, answer.response,
                                    {.caller = caller, .timeout = policy.deadline});
    ++answer.attempts;
    answer.took = absl::Now() - start;
    if (!IsTransient(answer.status.error_code())) return answer;
    retries.Count(answer.status.error_code());
    if (answer.took + backoff > policy.give_up_after) {
      answer.undecided = true;
      return answer;
    }
    absl::SleepFor(Jittered(backoff));
    backoff = std::min(backoff * 2, policy.max_backoff);
  }
}

}  // namespace coalition::faults
