// The rows behind a member's tier (migrations/0003_tiers.sql), written by the tier store's
// reviews and merges and by the ledger writer when an earn's plan moves a member up.
#pragma once

#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account::tier_rows {

// Adds `points` to the member's qualifying points of `month` (MonthIndex).
void AddQualifying(mariadb::Connection& db, const std::string& member_id, int month,
                   int64_t points);

// Puts the member at `rank` (`tier_id`), to be reviewed at `review_at`; the lowest tier (rank 0)
// has no row and no review.
void SetTier(mariadb::Connection& db, const std::string& member_id, int rank,
             const std::string& tier_id, absl::Time review_at);

// Appends to the member's tier history.
void RecordChange(mariadb::Connection& db, const std::string& member_id, const std::string& from,
                  const std::string& to, v1::TierChange::Reason reason, int64_t qualifying,
                  absl::Time now);

}  // namespace coalition::account::tier_rows
