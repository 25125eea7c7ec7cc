// Storage of member-to-member transfers and transfers into a household's pool.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/ledger_store.h"

namespace coalition::account {

class TransferStore {
 public:
  virtual ~TransferStore() = default;

  // In one transaction under the sender's row lock: refuses with RESOURCE_EXHAUSTED when the
  // sender's transfers on the UTC day of `transfer.transfer_time` plus this one pass
  // `daily_limit_points`, and with FAILED_PRECONDITION a transfer into a household the sender is
  // not in; otherwise appends `posting` and records the transfer. A repeated `key` returns the
  // first transfer as it was answered (ALREADY_EXISTS if the fingerprint differs).
  virtual absl::StatusOr<v1::Transfer> Transfer(const RequestKey& key, const PostingDraft& posting,
                                                const v1::Transfer& transfer,
                                                int64_t daily_limit_points) = 0;
};

}  // namespace coalition::account
