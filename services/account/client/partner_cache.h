// Partners as the other services see them, cached for kCacheTime: their terms never change after
// CreatePartner (versioned terms are issue 7's), but the operator may suspend one, which every
// service sees within kCacheTime. Failures are never cached, so a partner created later is
// found.
//
//   PartnerCache partners(accounts);
//   ASSIGN_OR_RETURN(admin::v1::Partner partner, partners.Get("grocer"));
#pragma once

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/account/client/account_api.h"
#include "services/common/clock.h"

namespace coalition::account {

class PartnerCache {
 public:
  static constexpr size_t kMaxEntries = 10'000;  // a coalition has hundreds of partners
  static constexpr absl::Duration kCacheTime = absl::Seconds(5);

  // `clock` is the service's: a sandbox clock moved past kCacheTime refreshes the cache too.
  PartnerCache(AccountApi& accounts, const Clock& clock) : accounts_(accounts), clock_(clock) {}
  // On the system clock, for services without a business clock of their own.
  explicit PartnerCache(AccountApi& accounts) : PartnerCache(accounts, SystemClock::Instance()) {}

  absl::StatusOr<admin::v1::Partner> Get(const std::string& partner_id);

 private:
  AccountApi& accounts_;
  const Clock& clock_;
  absl::Mutex mu_;
  struct Cached {
    admin::v1::Partner partner;
    absl::Time read_at;
  };
  absl::flat_hash_map<std::string, Cached> partners_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::account
