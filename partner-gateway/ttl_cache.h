// Answers the gateway keeps for a short while, so a flood of calls does not become a flood of
// signature checks or database reads: verified certificates, presented API keys, mobile
// backends' scopes. Bounded: when full (only a flood of distinct keys fills it) it starts over.
//
//   TtlCache<std::optional<StoredApiKey>> keys(absl::Seconds(2), 100'000);
//   if (auto hit = keys.Find(key_id, now)) return *hit;
//   ... fetch ...; keys.Put(key_id, fetched, now);
#pragma once

#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace coalition::gateway {

template <typename Value>
class TtlCache {
 public:
  TtlCache(absl::Duration ttl, size_t max_entries) : ttl_(ttl), max_entries_(max_entries) {}

  // The value put under `key` less than the TTL before `now`, if any.
  std::optional<Value> Find(const std::string& key, absl::Time now) const {
    absl::MutexLock lock(&mu_);
    const auto it = entries_.find(key);
    if (it == entries_.end() || now - it->second.put_at >= ttl_) return std::nullopt;
    return it->second.value;
  }

  void Put(const std::string& key, Value value, absl::Time now) {
    absl::MutexLock lock(&mu_);
    if (entries_.size() >= max_entries_) entries_.clear();
    entries_.insert_or_assign(key, Entry{std::move(value), now});
  }

  void Forget(const std::string& key) {
    absl::MutexLock lock(&mu_);
    entries_.erase(key);
  }

 private:
  struct Entry {
    Value value;
    absl::Time put_at;
  };

  const absl::Duration ttl_;
  const size_t max_entries_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::gateway
