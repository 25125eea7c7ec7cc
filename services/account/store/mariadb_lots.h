// The SQL behind point lots (migrations/0002_point_lots_and_expiry.sql), run inside the ledger's
// append transaction while it holds the member-owned account's row lock, which serialises every
// change to its lots. Which lots move is decided by PostingPlanner (lot_allocation.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/account/lot_allocation.h"
#include "services/account/posting_planner.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account::lots {

// The account's soonest-expiring lots, as many as hold `points` (all of them if they hold less).
std::vector<LotSlice> ReadSoonestExpiring(mariadb::Connection& db, int64_t account_id,
                                          int64_t points);

// Removes what a debit took: the lots used up, and the part of the next.
void Cut(mariadb::Connection& db, const LotCut& cut);

// Adds slices to the account's lots (a slice of a lot it already has adds to that lot).
void Add(mariadb::Connection& db, int64_t account_id, const std::vector<LotSlice>& slices);

// A lot a posting starts, with the posting's own sequence as its origin.
struct NewLotRow {
  int64_t account_id = 0;
  LotSlice lot;
};

// Starts the lots, in one statement.
void AddNew(mariadb::Connection& db, const std::vector<NewLotRow>& rows);

// Moves the expiry of all the member's lots, available and held, to at least `expire_at_us`.
void ExtendAll(mariadb::Connection& db, const std::string& member_id, int64_t expire_at_us);

// Appends the posting's moves of existing lots to lot_moves.
void RecordMoves(mariadb::Connection& db, int64_t sequence, const std::vector<LotMove>& moves);

struct ExpiredLot {
  LotSlice lot;
  std::string issuing_partner_id;  // of the posting that first credited it; "" for the operator
};

// The account's lots with an expiry at or before `as_of_us`, with who issued them.
std::vector<ExpiredLot> ReadExpired(mariadb::Connection& db, int64_t account_id, int64_t as_of_us);

// Deletes the lots ReadExpired returned, once their points have been posted away.
void DeleteExpired(mariadb::Connection& db, int64_t account_id, int64_t as_of_us);

}  // namespace coalition::account::lots
