// Storage of the ledger: accounts' balances, postings and their entries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "services/common/request_key.h"

namespace coalition::account {

// A validated posting on its way in; the store assigns its sequence.
struct PostingDraft {
  RequestKey key;       // (caller, request_id) and the request's fingerprint
  v1::Posting posting;  // everything but `sequence`
};

class LedgerStore {
 public:
  virtual ~LedgerStore() = default;

  // Appends the posting atomically, or, when (caller, request_id) was posted before, returns
  // that earlier posting (ALREADY_EXISTS if its fingerprint differs). NOT_FOUND for an account
  // that does not exist (a MEMBER_HOLD account is opened by its first credit);
  // FAILED_PRECONDITION when a non-negative account would go below zero. Nothing is written
  // unless the whole posting is.
  virtual absl::StatusOr<v1::Posting> Append(const PostingDraft& draft) = 0;

  // Up to `limit` postings after `after_sequence`, in order. Stops before a gap in the sequence
  // that may still fill (a transaction that took a number but has not committed), so a follower
  // never skips a posting; a gap older than `settle_time` is a rollback and is passed over.
  virtual absl::StatusOr<std::vector<v1::Posting>> ListAfter(int64_t after_sequence, int limit,
                                                             absl::Duration settle_time) = 0;

  // NOT_FOUND for an unknown member.
  virtual absl::StatusOr<v1::Balance> GetBalance(const std::string& member_id) = 0;

  // The member's postings, newest first, with sequence < before_sequence (if given).
  virtual absl::StatusOr<std::vector<v1::Transaction>> ListMemberTransactions(
      const std::string& member_id, std::optional<int64_t> before_sequence, int limit) = 0;
};

}  // namespace coalition::account
