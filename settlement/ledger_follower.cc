#include "settlement/ledger_follower.h"

#include "absl/strings/str_cat.h"
#include "services/common/log.h"
#include "services/common/status_macros.h"
#include "settlement/ledger_facts.h"

namespace coalition::settlement {

LedgerFollower::~LedgerFollower() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

absl::StatusOr<LedgerFollower::Progress> LedgerFollower::CatchUp() {
  absl::MutexLock lock(&catch_up_mu_);
  Progress progress;
  ASSIGN_OR_RETURN(progress.followed_to, store_.Cursor());
  for (int page = 0; page < limits_.pages; ++page) {
    ASSIGN_OR_RETURN(account::v1::ListPostingsResponse response,
                     accounts_.ListPostings(progress.followed_to, limits_.page_size));
    progress.latest = response.latest_sequence();
    if (response.postings().empty()) {
      progress.caught_up = true;
      break;
    }
    // The page's one projection: every total settlement keeps is a sum of these facts. Terms
    // read for one of its recent postings serve the page's others (one read per partner).
    const PartnerTermsCache::Mark read_from = terms_.MarkNow();
    ASSIGN_OR_RETURN(const std::vector<DayFact> facts,
                     FactsOf(response.postings(),
                             [this, read_from](const std::string& partner_id, absl::Time time) {
                               return terms_.VersionAt(partner_id, time, read_from);
                             }));
    absl::Status applied =
        store_.Apply(progress.followed_to, response.next_after_sequence(), facts);
    if (absl::IsFailedPrecondition(applied)) {
      // Another settlement replica counted this page; continue from where it got to.
      ASSIGN_OR_RETURN(progress.followed_to, store_.Cursor());
      continue;
    }
    RETURN_IF_ERROR(applied);
    progress.followed_to = response.next_after_sequence();
    if (response.postings_size() < limits_.page_size) {
      progress.caught_up = true;
      break;
    }
  }
  return progress;
}

void LedgerFollower::Start(absl::Duration interval) {
  thread_ = std::thread([this, interval] {
    while (!stop_.WaitForNotificationWithTimeout(interval)) {
      if (absl::StatusOr<Progress> followed = CatchUp(); !followed.ok()) {
        LogWarning("settlement",
                   absl::StrCat("following the ledger: ", followed.status().ToString()));
      }
    }
  });
}

}  // namespace coalition::settlement
