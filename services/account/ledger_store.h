// Storage of the ledger: accounts' balances, postings and their entries.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "services/common/proto_time.h"
#include "services/common/request_key.h"

namespace coalition::account {

// A validated posting on its way in; the store assigns its sequence.
struct PostingDraft {
  RequestKey key;       // (caller, request_id) and the request's fingerprint
  v1::Posting posting;  // everything but `sequence`
};

// The draft of a posting as `request` describes it, at `now`.
inline PostingDraft DraftOf(absl::string_view caller, const v1::CreatePostingRequest& request,
                            absl::Time now) {
  PostingDraft draft{RequestKey::Of(caller, request), {}};
  v1::Posting& posting = draft.posting;
  posting.set_type(request.type());
  *posting.mutable_legs() = request.legs();
  posting.set_partner_id(request.partner_id());
  posting.set_member_id(request.member_id());
  posting.set_reference(request.reference());
  *posting.mutable_occur_time() = ToProtoTime(now);
  return draft;
}

class LedgerStore {
 public:
  virtual ~LedgerStore() = default;

  // Appends the posting atomically, or, when (caller, request_id) was posted before, returns
  // that earlier posting (ALREADY_EXISTS if its fingerprint differs); a copy of the request
  // arriving while this one runs waits for it, then gets the same posting. NOT_FOUND for an
  // account that does not exist (a MEMBER_HOLD account is opened by its first credit);
  // FAILED_PRECONDITION when a non-negative account would go below zero. Nothing is written
  // unless the whole posting is, and a refusal keeps nothing: the key may post later.
  virtual absl::StatusOr<v1::Posting> Append(const PostingDraft& draft) = 0;
  // Appends each draft as Append would, together (one transaction for the lot where the store
  // can): the answers in the drafts' order. One draft's refusal is its own; a draft repeated in
  // the batch is posted once, both copies answered with that posting.
  virtual std::vector<absl::StatusOr<v1::Posting>> AppendAll(
      std::span<const PostingDraft> drafts) = 0;

  // Up to `limit` postings after `after_sequence`, in order. Stops before a gap in the sequence
  // that may still fill (a transaction that took a number but has not committed), so a follower
  // never skips a posting; a gap older than `settle_time` is a rollback and is passed over.
  virtual absl::StatusOr<std::vector<v1::Posting>> ListAfter(int64_t after_sequence, int limit,
                                                             absl::Duration settle_time) = 0;
  // The highest posting sequence taken so far (0 for an empty ledger): how far a follower has to
  // go.
  virtual absl::StatusOr<int64_t> LatestSequence() = 0;

  // NOT_FOUND for an unknown member.
  virtual absl::StatusOr<v1::Balance> GetBalance(const std::string& member_id) = 0;

  // The member's postings, newest first, with sequence < before_sequence (if given).
  virtual absl::StatusOr<std::vector<v1::Transaction>> ListMemberTransactions(
      const std::string& member_id, std::optional<int64_t> before_sequence, int limit) = 0;

  // Balance, holds, the next expiring points (up to three dates), the newest
  // `transaction_count` transactions and the tier (its qualifying window ending with `now`), all
  // read in one snapshot. NOT_FOUND for an unknown member.
  virtual absl::StatusOr<v1::MemberSummary> GetMemberSummary(const std::string& member_id,
                                                             int transaction_count,
                                                             absl::Time now) = 0;

  // The run keyed by `key`: a new one as of `as_of` (ALREADY_EXISTS if the key's fingerprint
  // differs), or the one it started before, with its own as-of time and counts.
  virtual absl::StatusOr<v1::ExpiryRun> StartExpiryRun(const RequestKey& key, absl::Time as_of) = 0;
  // The run's counts so far, after marking it complete if `complete`.
  virtual absl::StatusOr<v1::ExpiryRun> EndExpiryStep(const v1::ExpiryRun& run, bool complete) = 0;

  // Up to `limit` members, households and companies (by owner id: their ids never collide)
  // holding available points that expire at or before `as_of`.
  virtual absl::StatusOr<std::vector<std::string>> AccountsWithExpiredPoints(absl::Time as_of,
                                                                             int limit) = 0;

  // In one transaction: moves the member's or household's available points that expire at or
  // before the run's as-of time to breakage, one EXPIRE posting per issuing partner, posted at
  // `now`, and adds them to the run's counts. Does nothing if none are left (another run took
  // them).
  virtual absl::Status ExpireAccountPoints(const v1::ExpiryRun& run, const std::string& owner_id,
                                           absl::Time now) = 0;
};

}  // namespace coalition::account
