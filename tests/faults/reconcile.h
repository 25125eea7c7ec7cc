// The independent reconciliation after the workload and the faults: the platform brought to
// rest, then held to the client's journal and to its own ledger.
//
// 1. each member's balance (GetBalance: available and held) equals what the journal's answers
//    add up to;
// 2. every posting balances; each member-owned account's balance equals the sum of its entries
//    and of its lots;
// 3. each service's rows stand one to one for postings, with the same points: purchases for EARN,
//    purchase refunds for REVERSE, redemptions for REDEEM, holds for HOLD and their close for
//    CAPTURE or VOID, redemption refunds for REFUND, transfers for TRANSFER; no posting is left
//    that no row stands for; and the rows stand one to one for the journal's OK answers;
// 4. the redemption service's spend records stand for its redemptions and holds, its reward
//    orders for redemptions, and each reward's stock for its orders.
// (Duplicate pairs are compared as they are answered, by the workload; settlement's close is
// settlement_check.h.)
//
//   RestFigures rest = BringToRest(clients, coalition, journal, platform, findings);
//   Reconcile(platform, clients, coalition, journal, findings);
#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/faults/clients.h"
#include "tests/faults/findings.h"
#include "tests/faults/journal.h"
#include "tests/faults/ledger_view.h"
#include "tests/faults/setup.h"
#include "tests/store/white_box.h"
#include "tests/integration/platform.h"

namespace coalition::faults {

using ::coalition::testing::Row;
using ::coalition::testing::WhiteBox;

struct RestFigures {
  int64_t holds_left_open = 0;  // HELD at the end: the workload neither closed nor let them expire
  int64_t holds_expired = 0;    // released by the sweeper (or a late capture), read at the end
  bool redemption_clock_moved = false;  // to finish crash-interrupted work without waiting 30 s
};

// Finishes what crashes interrupted (the redemption service's FinishInterrupted and
// ReleaseExpiredHolds, as its sweeper does every few seconds) until nothing is left unfinished,
// then reads the final state of every hold the workload did not close, and journals the expired
// ones: their release is the sweeper's doing, which no answer told the client.
absl::StatusOr<RestFigures> BringToRest(testing::Platform& platform, Clients& clients,
                                        Journal& journal, Findings& findings);

// Checks 1 to 4 above; a failure to read is an error, a difference a finding.
absl::Status Reconcile(testing::Platform& platform, Clients& clients, const Coalition& coalition,
                       const Journal& journal, Findings& findings);

// The parts of Reconcile, by the service whose rows they read.
absl::Status CheckAccounts(Clients& clients, WhiteBox& account_db, const Journal& journal,
                           LedgerView& ledger, Findings& findings);
absl::Status CheckEarning(WhiteBox& earning_db, const Journal& journal, LedgerView& ledger,
                          Findings& findings);
absl::Status CheckRedemption(WhiteBox& redemption_db, const Coalition& coalition,
                             const Journal& journal, LedgerView& ledger, Findings& findings);

}  // namespace coalition::faults
