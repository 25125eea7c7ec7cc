// Partners' terms versions as the account service lists them, kept per partner. A list is final
// for any time more than a second before its `as_of` (later versions start after it), so a
// posting's version comes from the kept list when the list is final for the posting's time, and
// from a fresh list otherwise: never a stale answer, and one read per partner per page of
// recent postings at most.
//
//   PartnerTermsCache terms(accounts);
//   ASSIGN_OR_RETURN(int64_t version, terms.VersionAt("hotel", posting_time));
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "coalition/admin/v1/admin.pb.h"
#include "services/account/client/account_api.h"

namespace coalition::settlement {

class PartnerTermsCache {
 public:
  explicit PartnerTermsCache(account::AccountApi& accounts) : accounts_(accounts) {}

  absl::StatusOr<int64_t> VersionAt(const std::string& partner_id, absl::Time time);
  // The version with this number (NOT_FOUND if there is none).
  absl::StatusOr<admin::v1::PartnerTerms> Version(const std::string& partner_id, int64_t version);

 private:
  using Versions = std::shared_ptr<const admin::v1::ListPartnerTermsResponse>;
  // The kept list if it is final for `time`, else a fresh one (kept from then on).
  absl::StatusOr<Versions> ListFinalFor(const std::string& partner_id, absl::Time time);

  account::AccountApi& accounts_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Versions> kept_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::settlement
