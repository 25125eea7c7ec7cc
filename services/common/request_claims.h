// Exactly one attempt of a mutating request runs at a time, and every copy of it gets the first
// attempt's answer: the one mechanism behind "a retry returns the first answer and changes
// nothing", even for a retry that arrives while the first attempt is still running.
//
// A request claims its idempotency key before it reads or changes anything. A concurrent copy
// finds the claim and waits for the answer recorded under it, so duplicates are decided by the
// key, never by what a balance check says once the first copy has spent the points. The answer is
// recorded when it is a success (the response itself) or a refusal the state of things decided
// (FAILED_PRECONDITION: not enough points, a hold already closed). Bad input changed nothing: it
// releases the claim, and the request_id may be used again for corrected content. After
// UNAVAILABLE, a deadline or the like the request may be half done: the claim stays the
// request's, unanswered, and the next identical copy takes it over at once to finish it. So does
// a copy once a claim's runner died and its lease ran out; that converges because every step below
// (the ledger posting, each row) is idempotent under a key derived from this one.
// docs/architecture.md ("Idempotency") states the rule.
//
//   return claims_.Run<v1::Hold>(key, [&]() -> absl::StatusOr<v1::Hold> {
//     ... checks, the ledger posting, the hold's row ...
//   });
#pragma once

#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/request_key.h"

namespace coalition {

// Whether `status` is an answer to keep for the key: a success, or a refusal the state of things
// decided (FAILED_PRECONDITION).
bool IsFinalAnswer(const absl::Status& status);
// Whether a request that answered `status` is known to have changed nothing: bad input
// (INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ALREADY_EXISTS), refused before anything moved
// or after what moved was given back.
bool ChangedNothing(const absl::Status& status);

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
    // Set when this attempt took the claim over from an earlier one, which may have done part of
    // the work; a claim inserted by this attempt has nothing of the request before it.
    bool taken_over = false;
  };

  // Claims `key`, or waits while another attempt holds it; ALREADY_EXISTS if the key was used
  // for a different request; ABORTED if the other attempt did not answer within the wait.
  virtual absl::StatusOr<Claim> Acquire(const RequestKey& key) = 0;
  // Records the answer of the attempt holding the claim as `runner`. False when the claim was
  // taken over meanwhile (this attempt ran past its lease): the taker's answer counts.
  virtual absl::StatusOr<bool> Record(const RequestKey& key, const std::string& runner,
                                      const absl::Status& refusal, const std::string& response) = 0;
  // Gives the key back unanswered: the attempt changed nothing, so the key may even be used again
  // for corrected content.
  virtual absl::Status Release(const RequestKey& key, const std::string& runner) = 0;
  // Ends the attempt unanswered but keeps the key this request's: it may be half done, so only
  // an identical copy may take the claim over (at once) and finish it.
  virtual absl::Status Abandon(const RequestKey& key, const std::string& runner) = 0;

  // Acquire for a batch of distinct keys, without waiting: for each key, in order, the Claim
  // Acquire would give when that needs no wait and no take-over, so either a fresh claim (no
  // earlier attempt ever ran under the key: nothing of it exists) or the recorded answer.
  // nullopt where Acquire must decide (another attempt holds the key, a lapsed claim, a reused
  // request_id): the caller runs those one by one. The default decides nothing.
  virtual absl::StatusOr<std::vector<std::optional<Claim>>> AcquireAll(
      std::span<const RequestKey> keys) {
    return std::vector<std::optional<Claim>>(keys.size());
  }
  // Record for a batch: for each answer, in order, what Record returns for it (false: the claim
  // was taken over meanwhile, and left alone). The default records one by one.
  struct Answer {
    RequestKey key;
    std::string runner;
    absl::Status refusal;
    std::string response;
  };
  virtual absl::StatusOr<std::vector<bool>> RecordAll(std::span<const Answer> answers) {
    std::vector<bool> recorded;
    for (const Answer& answer : answers) {
      absl::StatusOr<bool> one = Record(answer.key, answer.runner, answer.refusal, answer.response);
      if (!one.ok()) return one.status();
      recorded.push_back(*one);
    }
    return recorded;
  }

  // Runs `work` as the one attempt for `key`, or returns the answer recorded for it. `T` is a
  // protobuf message: its bytes are the recorded answer, so a copy is answered byte for byte.
  // `work` may take a bool: whether an earlier attempt may have done part of it (Claim::taken_over),
  // so a first attempt can skip looking for what an earlier one left.
  template <typename T, typename Work>
  absl::StatusOr<T> Run(const RequestKey& key, Work work);
};

// The answer a claim found recorded (`claim.runner` empty): the refusal, or the response parsed.
template <typename T>
absl::StatusOr<T> RecordedResponse(const RequestClaims::Claim& claim) {
  if (!claim.refusal.ok()) return claim.refusal;
  T answer;
  if (!answer.ParseFromString(claim.response)) {
    return absl::InternalError("a recorded answer does not parse");
  }
  return answer;
}

template <typename T, typename Work>
absl::StatusOr<T> RequestClaims::Run(const RequestKey& key, Work work) {
  // Only a lapsed attempt that finishes after another took its claim over goes round again.
  for (int round = 0; round < 3; ++round) {
    absl::StatusOr<Claim> claim = Acquire(key);
    if (!claim.ok()) return claim.status();
    if (claim->runner.empty()) return RecordedResponse<T>(*claim);
    absl::StatusOr<T> result = [&] {
      if constexpr (std::is_invocable_v<Work, bool>) {
        return work(claim->taken_over);
      } else {
        return work();
      }
    }();
    if (!IsFinalAnswer(result.status())) {
      // Best effort: a claim neither released nor abandoned lapses after its lease.
      if (ChangedNothing(result.status())) {
        (void)Release(key, claim->runner);
      } else {
        (void)Abandon(key, claim->runner);
      }
      return result;
    }
    absl::StatusOr<bool> recorded =
        Record(key, claim->runner, result.status(), result.ok() ? result->SerializeAsString() : "");
    // Not recorded, the answer still stands: the claim lapses and a retry re-runs the request,
    // which converges on what this attempt did.
    if (!recorded.ok() || *recorded) return result;
  }
  return absl::AbortedError("request_id: '" + key.request_id +
                            "' is being run by another attempt; retry it");
}

}  // namespace coalition
