// Reads what PostingPlanner needs to plan a set of posting drafts (posting_planner.h), inside the
// caller's transaction, under the row locks the postings' checked updates need: each checked
// account (member-owned, a pre-paid block) is read with SELECT ... FOR UPDATE in (kind, owner)
// order, so two appends never deadlock and no plan is made on a balance that could change before
// it is written. A member's hold or pending account is opened first when a draft credits it
// (its first credit opens it). Partner and operator accounts are never locked: that they exist
// is read once per process and remembered (accounts are never deleted).
//
//   LedgerSnapshotReader reader;
//   const PostingDraft* const drafts[] = {&draft};
//   LedgerSnapshot snapshot = reader.Read(db, drafts);
#pragma once

#include <span>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "services/account/ledger_store.h"
#include "services/account/posting_planner.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account {

class LedgerSnapshotReader {
 public:
  // `lots_given`: the caller says which lots the drafts' debits take (an expiry run), so none
  // are read. The drafts are pointed to where they are, not copied.
  LedgerSnapshot Read(mariadb::Connection& db, std::span<const PostingDraft* const> drafts,
                      bool lots_given = false);
  // Only the locks Read would take for `drafts`, in the same order (their hold or pending
  // accounts opened first): for a batch planned in rounds, whose every round locks its accounts
  // before the first reads, then reads its own snapshot.
  void Lock(mariadb::Connection& db, std::span<const PostingDraft* const> drafts);

 private:
  static constexpr size_t kMaxKnownContraAccounts = 100'000;

  // The contra account's id; nullopt if it does not exist.
  std::optional<int64_t> ContraAccountId(mariadb::Connection& db, const AccountKey& account);

  absl::Mutex mu_;
  absl::flat_hash_map<AccountKey, int64_t> known_contra_accounts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::account
