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
    std::optional<RequestKey> closed_by;  // the capture or void that closed it
  };
  // NOT_FOUND for an unknown hold.
  virtual absl::StatusOr<StoredHold> GetHold(const std::string& hold_id) = 0;

  // Moves a HELD hold to `closed` (its state, captured_points and close_time), as done by `key`.
  // False when the hold was no longer HELD: someone else closed it first.
  virtual absl::StatusOr<bool> CloseHold(const RequestKey& key, const v1::Hold& closed) = 0;

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
