// Writes plans (posting_planner.h) inside the caller's transaction, which read their snapshot
// (ledger_snapshot.h) and so holds the row locks of every checked account they change. Knows no
// business rule: it writes the rows the plans list, giving the postings the next sequence
// numbers in plan order (and each its own lots, moves and alerts that sequence).
//
// Set-based, so a batch of plans costs about what one does: one update of every checked balance
// (the plans' changes summed per account, with a `balance + change >= 0` guard, belt and braces:
// plans made under the locks never trip it), one insert of the postings (RETURNING their
// sequences), one of their entries, one of the lots they start, one of the qualifying points
// they add (multi_row.h splits very large batches). The rare parts (lots cut, moved in and
// extended, alerts, tier upgrades, referrals) are written plan by plan, in order. Last, the
// touched members' summary versions move on (member_summary_versions.h).
//
//   ASSIGN_OR_RETURN(std::vector<v1::Posting> posted, ApplyPlans(db, plans));
#pragma once

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/posting_planner.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account {

// The postings written, in the order of `plans`, with their sequences. INTERNAL if a guard finds
// a plan stale (then the caller's transaction must roll back).
absl::StatusOr<std::vector<v1::Posting>> ApplyPlans(mariadb::Connection& db,
                                                    std::span<const PostingPlan> plans);

}  // namespace coalition::account
