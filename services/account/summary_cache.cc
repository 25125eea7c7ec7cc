#include "services/account/summary_cache.h"

namespace coalition::account {

std::optional<v1::MemberSummary> SummaryCache::Find(const Key& key, int64_t version) const {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.version != version) return std::nullopt;
  return it->second.summary;
}

void SummaryCache::Put(const Key& key, int64_t version, const v1::MemberSummary& summary) {
  absl::MutexLock lock(&mu_);
  if (entries_.size() >= max_entries_ && !entries_.contains(key)) entries_.clear();
  Entry& entry = entries_[key];
  // Two readers may race to fill one key: the newer version stays.
  if (entry.version > version) return;
  entry.version = version;
  entry.summary = summary;
}

}  // namespace coalition::account
