// The member summary's version counters (migrations/0017_member_summary_versions.sql): every
// transaction that changes what GetMemberSummary shows of a member (balances, holds, pending
// points, lots, history, tier, qualifying points, which accounts' history is the member's) moves
// the member's counter on before it commits, so a summary cached at a version is current while
// the counter still reads that version (summary_cache.h), across every instance of the service.
//
// The counters are the last rows a transaction locks, in member order, so they add no deadlock:
// no transaction waits for an account's row while holding a counter.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "services/common/mariadb/connection_pool.h"

namespace coalition::account::summary_versions {

// Moves on the counters of the members owning the accounts (by account id; non-member accounts
// are skipped).
void BumpForAccounts(mariadb::Connection& db, std::span<const int64_t> account_ids);

// Moves on the members' counters.
void Bump(mariadb::Connection& db, std::vector<std::string> member_ids);

// The member's counter (0 before its first change).
int64_t Read(mariadb::Connection& db, const std::string& member_id);

}  // namespace coalition::account::summary_versions
