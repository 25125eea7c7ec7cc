// Storage of redemptions and holds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/redemption/v1/redemption.pb.h"
#include "services/common/request_key.h"

namespace coalition::redemption {

class RedemptionStore {
 public:
  virtual ~RedemptionStore() = default;

  // Inserts, or returns the redemption an earlier request with this key inserted (ALREADY_EXISTS
  // when that request said something else).
  virtual absl::StatusOr<v1::Redemption> InsertRedemption(const RequestKey& key,
                                                          const v1::Redemption& redemption) = 0;

  // What an earlier request with this key made, if anything (ALREADY_EXISTS when that request
  // said something else): a retry is answered with it before any check that may have changed.
  virtual absl::StatusOr<std::optional<v1::Redemption>> FindRedemption(const RequestKey& key) = 0;
  virtual absl::StatusOr<std::optional<v1::Hold>> FindHold(const RequestKey& key) = 0;

  // Inserts, or returns the hold an earlier request with this key made, as it stands now.
  virtual absl::StatusOr<v1::Hold> InsertHold(const RequestKey& key, const v1::Hold& hold) = 0;

  struct StoredHold {
    v1::Hold hold;
    // The capture, void or release that closed the hold, or has claimed it and is closing it.
    std::optional<RequestKey> closed_by;
    // While a claimed close is unfinished: the hold as it will be once closed (state,
    // captured_points, reimbursement).
    std::optional<v1::Hold> closing;
  };
  // NOT_FOUND for an unknown hold.
  virtual absl::StatusOr<StoredHold> GetHold(const std::string& hold_id) = 0;

  // Claims a HELD, unclaimed hold for `key` to close as `closing` says; returns the hold as it
  // stands after, claimed by this key or not.
  virtual absl::StatusOr<StoredHold> ClaimClose(const RequestKey& key, const v1::Hold& closing,
                                                absl::Time now) = 0;
  // Finishes the close `key` claimed (state, captured_points and close_time from `closed`), and
  // settles the hold's spending row to what was captured, in one transaction.
  // False when it was finished already.
  virtual absl::StatusOr<bool> CloseHold(const RequestKey& key, const v1::Hold& closed) = 0;
  // Gives up the claim of `key`: the ledger refused its posting.
  virtual absl::Status DropClaim(const std::string& hold_id, const RequestKey& key) = 0;
  // Holds claimed at or before `before` and not yet closed: closes interrupted by a crash.
  virtual absl::StatusOr<std::vector<std::string>> InterruptedCloses(absl::Time before,
                                                                     int limit) = 0;
  // Refunds reserved at or before `before` whose posting is not recorded.
  virtual absl::StatusOr<std::vector<v1::RedemptionRefund>> UnpostedRefunds(absl::Time before,
                                                                            int limit) = 0;

  // A refund of a redemption or captured hold, reserved under the spending's row lock: the one
  // this key made before, or a new one whose points are counted as refunded at once, so refunds
  // racing each other can never return more than was spent (FAILED_PRECONDITION). Its
  // posting_sequence is 0 until MarkRefundPosted.
  struct RefundDraft {
    std::string refund_id;
    bool of_hold = false;
    std::string spending_id;  // the redemption's or the hold's id
    int64_t points = 0;       // 0: all not refunded yet
    std::string reason;
    absl::Time now;
  };
  virtual absl::StatusOr<v1::RedemptionRefund> ReserveRefund(const RequestKey& key,
                                                             const RefundDraft& draft) = 0;
  virtual absl::Status MarkRefundPosted(const std::string& refund_id, int64_t posting_sequence) = 0;
  // The ledger refused the refund's posting: it did not happen.
  virtual absl::Status CancelRefund(const std::string& refund_id) = 0;

  // Up to `limit` HELD holds whose expire_time is at or before `now`, soonest first.
  virtual absl::StatusOr<std::vector<std::string>> ExpiredHolds(absl::Time now, int limit) = 0;
};

}  // namespace coalition::redemption
