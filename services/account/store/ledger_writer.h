// Writes plans (posting_planner.h) inside the caller's transaction, which read their snapshot
// (ledger_snapshot.h) and so holds the row locks of every checked account they change. Knows no
// business rule: it writes the rows each plan lists, in order, giving each posting the next
// sequence number (and its own lots, moves and alerts that sequence).
//
// For each plan: the checked balance updates (a `balance + ? >= 0` guard on each, belt and
// braces: a plan made under the locks never trips it), the posting (RETURNING its sequence), its
// entries, its lots (cut, moved in, created, moves recorded, extended), its alerts, qualifying
// points and tier upgrades, and the referral it pays.
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
