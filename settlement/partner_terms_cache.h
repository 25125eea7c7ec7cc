// Partners' terms versions as the account service lists them, kept per partner. A list is final
// for any time more than a second before its `as_of` (later versions start after it), so a
// posting's version comes from the kept list when the list is final for the posting's time, and
// from a fresh list otherwise: never a stale answer. A list read since a mark counts as fresh for
// any time, so a page of recent postings marked once costs one read per partner at most, not
// one per posting.
//
//   PartnerTermsCache terms(accounts);
//   const PartnerTermsCache::Mark page = terms.MarkNow();
//   ASSIGN_OR_RETURN(int64_t version, terms.VersionAt("hotel", posting_time, page));
#pragma once

#include <cstdint>
#include <limits>
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

  // A point among the cache's reads: a list read after it is as fresh as a read now would be.
  using Mark = uint64_t;
  Mark MarkNow();
  static constexpr Mark kNoMark = std::numeric_limits<Mark>::max();  // no read is after it

  // The version in force at `time`, from a kept list final for `time` or read after `fresh_since`.
  absl::StatusOr<int64_t> VersionAt(const std::string& partner_id, absl::Time time,
                                    Mark fresh_since = kNoMark);
  // The version with this number (NOT_FOUND if there is none).
  absl::StatusOr<admin::v1::PartnerTerms> Version(const std::string& partner_id, int64_t version);

 private:
  using Versions = std::shared_ptr<const admin::v1::ListPartnerTermsResponse>;
  // The kept list if it is final for `time` or read after `fresh_since`, else a fresh one (kept
  // from then on).
  absl::StatusOr<Versions> ListFinalFor(const std::string& partner_id, absl::Time time,
                                        Mark fresh_since);

  struct Kept {
    Versions list;
    Mark read = 0;  // its number among the reads: it is after every mark below this
  };

  account::AccountApi& accounts_;
  absl::Mutex mu_;
  Mark reads_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, Kept> kept_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::settlement
