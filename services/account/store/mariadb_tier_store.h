// TierStore on MariaDB (schema: migrations/0003_tiers.sql), plus the hook a merge's transaction
// calls. The current ladder is cached for a few seconds: it changes rarely. (An earn's upgrade is
// planned by PostingPlanner and written by the ledger writer, which reads the ladder with the
// member's standing in one statement.)
#pragma once

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "services/account/tier_store.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account {

class MariaDbTierStore final : public TierStore {
 public:
  static constexpr absl::Duration kLadderCacheTime = absl::Seconds(5);

  explicit MariaDbTierStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  // Inside a merge's transaction: the source's qualifying points count for the target too, which
  // moves up at once if they reach a higher tier (a merge never moves a member down).
  void MergeQualifyingIn(mariadb::Connection& db, const std::string& source_member_id,
                         const std::string& target_member_id, absl::Time now);

  absl::StatusOr<v1::TierLadder> PublishLadder(const RequestKey& key,
                                               const v1::TierLadder& ladder) override;
  absl::StatusOr<v1::TierLadder> CurrentLadder() override;
  absl::StatusOr<v1::TierReviewRun> StartReview(const RequestKey& key, absl::Time as_of) override;
  absl::StatusOr<v1::TierReviewRun> EndReviewStep(const v1::TierReviewRun& run,
                                                  bool complete) override;
  absl::StatusOr<std::vector<std::string>> MembersDueForReview(absl::Time as_of,
                                                               int limit) override;
  absl::Status ReviewMember(const v1::TierReviewRun& run, const std::string& member_id,
                            absl::Time now) override;
  absl::StatusOr<v1::MemberTier> MemberTier(const std::string& member_id, absl::Time now) override;
  absl::StatusOr<ChangePage> ListChanges(const std::string& member_id,
                                         std::optional<int64_t> cursor, int limit) override;

 private:
  std::shared_ptr<const v1::TierLadder> Ladder(mariadb::Connection& db);
  void UpgradeIfQualifiedIn(mariadb::Connection& db, const std::string& member_id, absl::Time now);

  mariadb::ConnectionPool& pool_;
  absl::Mutex mu_;
  std::shared_ptr<const v1::TierLadder> ladder_ ABSL_GUARDED_BY(mu_);
  absl::Time ladder_read_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace coalition::account
