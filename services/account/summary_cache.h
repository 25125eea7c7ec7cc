// Member summaries kept in memory, each with the member's summary version it was read at
// (store/member_summary_versions.h): GetMemberSummary reads the version (one primary-key read)
// and answers from here while it matches, so the mobile read path costs about what a balance
// read does instead of a many-part statement's planning. A summary read after its version was
// read is at least that current, so a hit is never older than the version says.
//
// Bounded: when full it starts again empty (a miss costs one full read), as the ledger's known
// contra accounts do; at ~1 KB a summary, the bound keeps the cache near 20 MB.
//
//   SummaryCache::Key key{member_id, transaction_count, ladder.version(), window_start};
//   if (auto hit = cache.Find(key, version)) return *hit;
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "coalition/account/v1/account.pb.h"

namespace coalition::account {

class SummaryCache {
 public:
  // What a summary depends on besides the member's rows: how many transactions it lists, and the
  // tier ladder and qualifying window it was described with.
  struct Key {
    std::string member_id;
    int transaction_count = 0;
    int64_t ladder_version = 0;
    int window_start_month = 0;

    template <typename H>
    friend H AbslHashValue(H h, const Key& key) {
      return H::combine(std::move(h), key.member_id, key.transaction_count, key.ladder_version,
                        key.window_start_month);
    }
    friend bool operator==(const Key&, const Key&) = default;
  };

  explicit SummaryCache(size_t max_entries = 20'000) : max_entries_(max_entries) {}

  // The summary cached for `key` at `version`, if any.
  std::optional<v1::MemberSummary> Find(const Key& key, int64_t version) const;
  // Keeps `summary`, read after the member's version was `version`.
  void Put(const Key& key, int64_t version, const v1::MemberSummary& summary);

 private:
  struct Entry {
    int64_t version = 0;
    v1::MemberSummary summary;
  };

  const size_t max_entries_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<Key, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::account
