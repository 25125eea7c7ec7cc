// RequestClaims on MariaDB, in the service's own `request_claims` table (every service's
// migrations create it, with the same columns).
//
// Work that calls other services (a redemption posts to the ledger over gRPC) claims with
// MariaDbRequestClaims: the claim commits at once, so a copy sees it and waits for the answer;
// the lease is measured on the database server's clock, which every instance of the service
// shares.
//
// Work that fits in one transaction (the ledger's own posting) claims inside that transaction
// with InClaimedTransaction: a copy's insert of the same key then waits on the uncommitted claim
// row, and finds the answer the moment the first copy commits. Its refusals are not kept: a
// copy that waited on a refused claim runs itself, on the balances it then finds.
//
//   RETURN_IF_ERROR(InClaimedTransaction(pool, key,
//       [&](Connection& db) { return ReadBackWhatItMade(db, key, &result); },   // a copy
//       [&](Connection& db) { return MakeIt(db, &result); }));                 // the first
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/request_claims.h"

namespace coalition::mariadb {

class MariaDbRequestClaims final : public RequestClaims {
 public:
  // `lease`: how long a claim is its runner's before a copy may take it over; longer than any
  // attempt runs (the calls it makes have shorter deadlines). `max_wait`: how long a copy waits
  // for the runner's answer before answering ABORTED (retry).
  explicit MariaDbRequestClaims(ConnectionPool& pool, absl::Duration lease = absl::Seconds(30),
                                absl::Duration max_wait = absl::Seconds(10))
      : pool_(pool), lease_(lease), max_wait_(max_wait) {}

  absl::StatusOr<Claim> Acquire(const RequestKey& key) override;
  absl::StatusOr<bool> Record(const RequestKey& key, const std::string& runner,
                              const absl::Status& refusal, const std::string& response) override;
  absl::Status Release(const RequestKey& key, const std::string& runner) override;
  absl::Status Abandon(const RequestKey& key, const std::string& runner) override;
  // One multi-row insert claims the fresh keys (in key order, as ClaimAllIn), one read finds the
  // answers of the others; one statement per chunk records a batch's answers.
  absl::StatusOr<std::vector<std::optional<Claim>>> AcquireAll(
      std::span<const RequestKey> keys) override;
  absl::StatusOr<std::vector<bool>> RecordAll(std::span<const Answer> answers) override;

 private:
  ConnectionPool& pool_;
  const absl::Duration lease_;
  const absl::Duration max_wait_;
};

// Runs `work` in one transaction that first claims `key`. If the key was answered before,
// nothing runs and `replay` (in the same transaction) reads back what that success made. A
// refusal from `work` rolls the claim back with everything else: the key is free again.
// ALREADY_EXISTS when the work's rows collide on another unique key (a row made under this key
// before claims existed).
absl::Status InClaimedTransaction(ConnectionPool& pool, const RequestKey& key,
                                  const std::function<absl::Status(Connection&)>& replay,
                                  const std::function<absl::Status(Connection&)>& work);

// InClaimedTransaction for a batch, inside the caller's transaction: claims every key (distinct
// keys; a batch answers its own twins) in one statement, in key order, so two batches claiming
// overlapping keys wait for each other instead of deadlocking; a key another transaction holds
// uncommitted is waited on. For each key, in order: nullopt when this transaction claimed it (its
// work's rows will be the answer: they commit with the claim), or the answer recorded before it:
// OK (read back what that success made), ALREADY_EXISTS for another request's key, or ABORTED
// for a claim that is not answered. A key whose work is refused must be released with
// ReleaseClaimsIn before the commit: a refusal is not kept.
std::vector<std::optional<absl::Status>> ClaimAllIn(Connection& db,
                                                    std::span<const RequestKey> keys);
void ReleaseClaimsIn(Connection& db, std::span<const RequestKey> keys);

// InClaimedTransaction for a store whose own rows say what a key made: `earlier` reads them back
// (false when there are none). It answers a copy, and it runs first in the work too, for keys
// answered before claims existed; `work` runs only when it finds nothing.
absl::Status InClaimedTransactionAfterEarlier(
    ConnectionPool& pool, const RequestKey& key,
    const std::function<absl::StatusOr<bool>(Connection&)>& earlier,
    const std::function<absl::Status(Connection&)>& work);

}  // namespace coalition::mariadb
