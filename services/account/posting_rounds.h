// How a batch of posting drafts is planned: in rounds, each planned on its own snapshot and
// written before the next round's snapshot is read (all in the batch's one transaction). A round
// holds at most one draft per member and per member-owned account, because one snapshot cannot
// show a plan a lot an earlier plan of its round started (posting_planner.h), and so each
// member's postings keep their order. Pre-paid blocks and contra accounts are shared freely: the
// planner tracks their balances across a round.
//
//   for (const std::vector<size_t>& round : SplitIntoRounds(drafts)) { ... plan, write ... }
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "services/account/ledger_store.h"

namespace coalition::account {

// Indices into `drafts`, round by round; each draft lands in the round after the last one
// holding a draft it shares a member or member-owned account with. Order within a round is the
// drafts' order. The drafts are pointed to where they are (a batch's are its callers'), not copied.
std::vector<std::vector<size_t>> SplitIntoRounds(std::span<const PostingDraft* const> drafts);

}  // namespace coalition::account
