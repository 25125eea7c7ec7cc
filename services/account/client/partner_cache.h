// Partners as the other services see them, fetched once per process. Partners and their terms
// never change after CreatePartner (no UpdatePartner in v1; versioned terms are issue 7's), so a
// cached copy is exact; failures are never cached, so a partner created later is found.
//
//   PartnerCache partners(accounts);
//   ASSIGN_OR_RETURN(admin::v1::Partner partner, partners.Get("grocer"));
#pragma once

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/account/client/account_api.h"

namespace coalition::account {

class PartnerCache {
 public:
  static constexpr size_t kMaxEntries = 10'000;  // a coalition has hundreds of partners

  explicit PartnerCache(AccountApi& accounts) : accounts_(accounts) {}

  absl::StatusOr<admin::v1::Partner> Get(const std::string& partner_id);

 private:
  AccountApi& accounts_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, admin::v1::Partner> partners_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::account
