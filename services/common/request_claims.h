// Exactly one attempt of a mutating request runs at a time, and every copy of it gets the first
// attempt's answer: the one mechanism behind "a retry returns the first answer and changes
// nothing", even for a retry that arrives while the first attempt is still running.
//
// A request claims its idempotency key before it reads or changes anything. A concurrent copy
// finds the claim and waits for the answer recorded under it, so duplicates are decided by the
// key, never by what a balance check says once the first copy has spent the points. The answer is
// recorded when it is a success (the response itself) or a refusal the state of things decided
// (FAILED_PRECONDITION: not enough points, a hold already closed). Any other answer releases the
// claim instead, so the next copy runs the request again: bad input changed nothing and may be
// corrected under the same request_id, and after UNAVAILABLE or a deadline the request may be
// half done, for the retry to finish. A claim whose runner died keeps its key for a lease, then
// the next copy takes it over and runs the request again; that converges because every step below
// (the ledger posting, each row) is idempotent under a key derived from this one. docs/architecture.md ("Idempotency") states the rule.
//
//   return claims_.Run<v1::Hold>(key, [&]() -> absl::StatusOr<v1::Hold> {
//     ... checks, the ledger posting, the hold's row ...
//   });
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/request_key.h"

namespace coalition {

// Whether `status` is an answer to keep for the key: a success, or a refusal the state of things
// decided (FAILED_PRECONDITION).
bool IsFinalAnswer(const absl::Status& status);

class RequestClaims {
 public:
  virtual ~RequestClaims() = default;

  // What claiming a key found.
  struct Claim {
    // Set when this attempt holds the claim and must run the request (and then Record or
    // Release with this token).
    std::string runner;
    // Otherwise the key's recorded answer: a refusal, or the response's bytes.
    absl::Status refusal;
    std::string response;
  };

  // Claims `key`, or waits while another attempt holds it; ALREADY_EXISTS if the key was used
  // for a different request; ABORTED if the other attempt did not answer within the wait.
  virtual absl::StatusOr<Claim> Acquire(const RequestKey& key) = 0;
  // Records the answer of the attempt holding the claim as `runner`. False when the claim was
  // taken over meanwhile (this attempt ran past its lease): the taker's answer counts.
  virtual absl::StatusOr<bool> Record(const RequestKey& key, const std::string& runner,
                                      const absl::Status& refusal,
                                      const std::string& response) = 0;
  // Gives the key back unanswered, so the next copy runs the request again.
  virtual absl::Status Release(const RequestKey& key, const std::string& runner) = 0;

  // Runs `work` as the one attempt for `key`, or returns the answer recorded for it. `T` is a
  // protobuf message: its bytes are the recorded answer, so a copy is answered byte for byte.
  template <typename T, typename Work>
  absl::StatusOr<T> Run(const RequestKey& key, Work work);
};

template <typename T, typename Work>
absl::StatusOr<T> RequestClaims::Run(const RequestKey& key, Work work) {
  // Only a lapsed attempt that finishes after another took its claim over goes round again.
  for (int round = 0; round < 3; ++round) {
    absl::StatusOr<Claim> claim = Acquire(key);
    if (!claim.ok()) return claim.status();
    if (claim->runner.empty()) {
      if (!claim->refusal.ok()) return claim->refusal;
      T answer;
      if (!answer.ParseFromString(claim->response)) {
        return absl::InternalError("a recorded answer does not parse");
      }
      return answer;
    }
    absl::StatusOr<T> result = work();
    if (!IsFinalAnswer(result.status())) {
      // Best effort: a claim not given back lapses after its lease.
      (void)Release(key, claim->runner);
      return result;
    }
    absl::StatusOr<bool> recorded =
        Record(key, claim->runner, result.status(), result.ok() ? result->SerializeAsString() : "");
    if (!recorded.ok()) return recorded.status();
    if (*recorded) return result;
  }
  return absl::AbortedError("request_id: '" + key.request_id +
                            "' is being run by another attempt; retry it");
}

}  // namespace coalition
