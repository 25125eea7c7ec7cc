// Storage of recorded purchases.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/earning/v1/earning.pb.h"
#include "services/common/request_key.h"

namespace coalition::earning {

// What the rules may need to know of a member's purchases at one partner. A fact left unset is
// one the points do not depend on (Claim does not check it).
struct MemberFacts {
  std::optional<bool> purchased_before;
  std::optional<int64_t> points_this_month;  // earned by purchases in the given UTC month

  // Whether `now` still says what this says, where this says anything.
  bool StillHoldIn(const MemberFacts& now) const {
    return (!purchased_before || purchased_before == now.purchased_before) &&
           (!points_this_month || points_this_month == now.points_this_month);
  }
};

class PurchaseStore {
 public:
  virtual ~PurchaseStore() = default;

  // The member's purchases at the partner so far, and the points those made in
  // [month_start, month_end) of purchase time.
  virtual absl::StatusOr<MemberFacts> Facts(const std::string& member_id,
                                            const std::string& partner_id, absl::Time month_start,
                                            absl::Time month_end) = 0;

  // Claims the purchase under its request key and its partner transaction, before any points
  // move. Returns what is stored: `purchase` when this call claimed it; the earlier purchase when
  // this request (same key, same fingerprint) claimed it before. ALREADY_EXISTS when the request
  // id was used for other content, or the partner transaction by another request. With
  // `assumed`, the facts the points were worked out from are checked again under a lock on the
  // member's purchases at the partner: ABORTED if another purchase changed them meanwhile (work
  // the points out again).
  virtual absl::StatusOr<v1::Purchase> Claim(const RequestKey& key, const v1::Purchase& purchase,
                                             const std::optional<MemberFacts>& assumed) = 0;

  // Claim for a batch of purchases whose points depend on no other purchase (no facts to
  // check): for each, in order, what Claim would answer. The default claims one by one.
  struct ToClaim {
    RequestKey key;
    v1::Purchase purchase;
  };
  virtual std::vector<absl::StatusOr<v1::Purchase>> ClaimAll(std::span<const ToClaim> claims) {
    std::vector<absl::StatusOr<v1::Purchase>> claimed;
    for (const ToClaim& claim : claims) {
      claimed.push_back(Claim(claim.key, claim.purchase, std::nullopt));
    }
    return claimed;
  }

  // The purchase an earlier request with this key claimed, if any (ALREADY_EXISTS when that
  // request said something else): a retry is answered with it before any check that may have
  // changed since (the partner suspended, the reporting window passed).
  virtual absl::StatusOr<std::optional<v1::Purchase>> Find(const RequestKey& key) = 0;

  // Records the ledger posting that credited the purchase's points (the same on every retry).
  virtual absl::Status RecordPosting(const std::string& purchase_id, int64_t posting_sequence) = 0;

  // RecordPosting for many purchases, as (purchase_id, posting_sequence) pairs. The default
  // records one by one.
  virtual absl::Status RecordPostings(std::span<const std::pair<std::string, int64_t>> postings) {
    for (const auto& [purchase_id, sequence] : postings) {
      absl::Status recorded = RecordPosting(purchase_id, sequence);
      if (!recorded.ok()) return recorded;
    }
    return absl::OkStatus();
  }

  // Withdraws a claim whose points the ledger refused for good (an unknown member), so the
  // refused request leaves nothing behind.
  virtual absl::Status Withdraw(const std::string& purchase_id) = 0;

  // NOT_FOUND for an unknown purchase.
  virtual absl::StatusOr<v1::Purchase> Get(const std::string& purchase_id) = 0;

  // A purchase with the key of the request that took it out of PENDING, if one did.
  struct Stored {
    v1::Purchase purchase;
    std::optional<RequestKey> settled_by;
  };
  // The partner's purchase by its own transaction id; NOT_FOUND naming partner_transaction_id.
  virtual absl::StatusOr<Stored> GetByTransaction(const std::string& partner_id,
                                                  const std::string& partner_transaction_id) = 0;
  // Moves a PENDING purchase to `state` under `key`; false if it was not PENDING any more.
  virtual absl::StatusOr<bool> Settle(const std::string& purchase_id, v1::Purchase::State state,
                                      const RequestKey& key, absl::Time now) = 0;

  // The lapse run (mariadb_pending_lapse.cc): keyed like the account service's jobs, its as-of
  // time fixed when first seen; the pending purchases whose TTL ran out by then; its count.
  virtual absl::StatusOr<v1::PendingLapseRun> StartLapseRun(const RequestKey& key,
                                                            absl::Time now) = 0;
  virtual absl::StatusOr<std::vector<std::string>> PurchasesToLapse(absl::Time as_of,
                                                                    int limit) = 0;
  virtual absl::StatusOr<v1::PendingLapseRun> EndLapseStep(const v1::PendingLapseRun& run,
                                                           int64_t lapsed, bool complete) = 0;
};

}  // namespace coalition::earning
