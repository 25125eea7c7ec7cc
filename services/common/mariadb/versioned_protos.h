// Versioned, effective-dated settings per partner (earn rules, burn terms), stored as serialized
// protos that are inserted once and never edited, and read through a short cache: the hot paths
// (every purchase, every redemption) don't read the table, and a new version is in use
// everywhere within kCacheTime of its publication (at once in the process that published it).
//
// The table has partner_id, version, effective_from_us, <blob column>, caller, request_id and
// request_fingerprint, with (partner_id, version) its primary key.
//
//   VersionedProtos<v1::EarnRules> rules(pool, "earn_rules", "rules");
//   ASSIGN_OR_RETURN(v1::EarnRules published, rules.Publish(key, draft));
//   ASSIGN_OR_RETURN(auto versions, rules.Cached("grocer"));  // newest first
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/proto_time.h"
#include "services/common/request_key.h"
#include "services/common/status_macros.h"
#include "services/common/versions.h"

namespace coalition::mariadb {

// The SQL, on serialized blobs.
class VersionedBlobs {
 public:
  VersionedBlobs(ConnectionPool& pool, std::string table, std::string blob_column)
      : pool_(pool), table_(std::move(table)), blob_column_(std::move(blob_column)) {}

  // Inserts the partner's next version (`serialize` gets its number) unless `key` was used
  // before; returns the stored blob either way (ALREADY_EXISTS if the fingerprint differs).
  absl::StatusOr<std::string> Publish(const RequestKey& key, const std::string& partner_id,
                                      int64_t effective_from_us,
                                      const std::function<std::string(int64_t)>& serialize);
  // The partner's versions, newest first (at most 1000).
  absl::StatusOr<std::vector<std::string>> List(const std::string& partner_id);

 private:
  ConnectionPool& pool_;
  const std::string table_;
  const std::string blob_column_;
};

// The same, typed, with the cache. T has partner_id, version and effective_time fields.
template <typename T>
class VersionedProtos final : public Versions<T> {
 public:
  static constexpr absl::Duration kCacheTime = absl::Seconds(5);
  static constexpr size_t kMaxCachedPartners = 10'000;

  VersionedProtos(ConnectionPool& pool, std::string table, std::string blob_column)
      : blobs_(pool, std::move(table), std::move(blob_column)) {}

  absl::StatusOr<T> Publish(const RequestKey& key, const T& draft) override {
    ASSIGN_OR_RETURN(
        const std::string stored,
        blobs_.Publish(key, draft.partner_id(), ProtoTimeToMicros(draft.effective_time()),
                       [&](int64_t version) {
                         T numbered = draft;
                         numbered.set_version(version);
                         return numbered.SerializeAsString();
                       }));
    ASSIGN_OR_RETURN(T published, Parse(stored));
    absl::MutexLock lock(&mu_);
    cache_.erase(published.partner_id());
    return published;
  }

  absl::StatusOr<std::vector<T>> List(const std::string& partner_id) override {
    ASSIGN_OR_RETURN(const std::vector<std::string> stored, blobs_.List(partner_id));
    std::vector<T> versions;
    for (const std::string& blob : stored) {
      ASSIGN_OR_RETURN(versions.emplace_back(), Parse(blob));
    }
    return versions;
  }

  absl::StatusOr<std::shared_ptr<const std::vector<T>>> Cached(
      const std::string& partner_id) override {
    {
      absl::MutexLock lock(&mu_);
      auto cached = cache_.find(partner_id);
      if (cached != cache_.end() && absl::Now() - cached->second.read_at < kCacheTime) {
        return cached->second.versions;
      }
    }
    ASSIGN_OR_RETURN(std::vector<T> read, List(partner_id));
    auto versions = std::make_shared<const std::vector<T>>(std::move(read));
    absl::MutexLock lock(&mu_);
    if (cache_.size() >= kMaxCachedPartners) cache_.clear();
    cache_[partner_id] = {versions, absl::Now()};
    return versions;
  }

 private:
  struct Entry {
    std::shared_ptr<const std::vector<T>> versions;
    absl::Time read_at;
  };

  static absl::StatusOr<T> Parse(const std::string& blob) {
    T parsed;
    if (!parsed.ParseFromString(blob))
      return absl::InternalError("a stored version does not parse");
    return parsed;
  }

  VersionedBlobs blobs_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::mariadb
