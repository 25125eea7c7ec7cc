// Follows the ledger by sequence number and folds each page of postings into settlement's totals:
// one projection (FactsOf, priced nowhere) applied with the cursor in one transaction.
// Runs in the background, and on demand before a statement so the statement sees every posting
// committed before it was asked for.
//
//   LedgerFollower follower(accounts, store, terms);
//   follower.Start(absl::Seconds(1));
//   ASSIGN_OR_RETURN(LedgerFollower::Progress followed, follower.CatchUp());
#pragma once

#include <cstdint>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/account/client/account_api.h"
#include "settlement/partner_terms_cache.h"
#include "settlement/totals_store.h"

namespace coalition::settlement {

// How much of the ledger one catch-up reads: `page_size` postings a page, at most `pages` pages
// (a close's bounded step).
struct FollowLimits {
  int32_t page_size = 5000;
  int pages = 40;
};

class LedgerFollower {
 public:
  LedgerFollower(account::AccountApi& accounts, TotalsStore& store, PartnerTermsCache& terms,
                 FollowLimits limits = {})
      : accounts_(accounts), store_(store), terms_(terms), limits_(limits) {}
  ~LedgerFollower();

  struct Progress {
    int64_t followed_to = 0;  // the last sequence counted
    int64_t latest = 0;       // the ledger's highest sequence when last asked
    bool caught_up = false;   // false: the page limit stopped it; call again
  };
  // Reads pages until the ledger has nothing more that is safe to read, or the page limit.
  absl::StatusOr<Progress> CatchUp();

  // Catches up every `interval` on a background thread until destroyed.
  void Start(absl::Duration interval);

 private:
  account::AccountApi& accounts_;
  TotalsStore& store_;
  PartnerTermsCache& terms_;
  const FollowLimits limits_;
  absl::Mutex catch_up_mu_;  // one catch-up at a time in this process
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace coalition::settlement
