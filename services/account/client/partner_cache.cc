#include "services/account/client/partner_cache.h"

namespace coalition::account {

absl::StatusOr<admin::v1::Partner> PartnerCache::Get(const std::string& partner_id) {
  {
    absl::MutexLock lock(&mu_);
    if (auto it = partners_.find(partner_id);
        it != partners_.end() && clock_.Now() - it->second.read_at < kCacheTime) {
      return it->second.partner;
    }
  }
  absl::StatusOr<admin::v1::Partner> partner = accounts_.GetPartner(partner_id);
  if (!partner.ok()) return partner;
  absl::MutexLock lock(&mu_);
  if (partners_.size() >= kMaxEntries) partners_.clear();  // bound memory; refills on demand
  partners_[partner_id] = {*partner, clock_.Now()};
  return partner;
}

}  // namespace coalition::account
