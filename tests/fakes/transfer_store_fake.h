// The fake of TransferStore (services/account/transfer_store.h): records the one transfer it was
// asked to make (its client key, its posting and the daily limit) and makes it.
#pragma once

#include <cstdint>
#include <optional>

#include "services/account/transfer_store.h"

namespace coalition::account {

class RecordingTransferStore final : public TransferStore {
 public:
  absl::StatusOr<v1::Transfer> Transfer(const RequestKey& client_key, const PostingDraft& draft,
                                        const v1::Transfer& transfer,
                                        int64_t daily_limit_points) override {
    key = client_key;
    posting = draft;
    limit = daily_limit_points;
    return transfer;
  }
  std::optional<RequestKey> key;
  std::optional<PostingDraft> posting;
  int64_t limit = 0;
};

}  // namespace coalition::account
