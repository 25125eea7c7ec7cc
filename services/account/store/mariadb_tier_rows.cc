#include "services/account/store/mariadb_tier_rows.h"

#include "services/account/store/member_summary_versions.h"

namespace coalition::account::tier_rows {

using mariadb::Connection;

void AddQualifying(Connection& db, const std::string& member_id, int month, int64_t points) {
  sql::PreparedStatement& add = db.Prepare(
      "INSERT INTO member_qualifying (member_id, month, points) VALUES (?, ?, ?)"
      " ON DUPLICATE KEY UPDATE points = points + VALUES(points)");
  add.setString(1, member_id);
  add.setInt(2, month);
  add.setInt64(3, points);
  add.executeUpdate();
}

void SetTier(Connection& db, const std::string& member_id, int rank, const std::string& tier_id,
             absl::Time review_at) {
  summary_versions::Bump(db, {member_id});  // the summary shows the tier
  if (rank == 0) {  // the lowest tier has no row and no review
    sql::PreparedStatement& remove = db.Prepare("DELETE FROM member_tiers WHERE member_id = ?");
    remove.setString(1, member_id);
    remove.executeUpdate();
    return;
  }
  sql::PreparedStatement& upsert = db.Prepare(
      "INSERT INTO member_tiers (member_id, tier_rank, tier_id, review_at_us) VALUES (?, ?, ?, ?)"
      " ON DUPLICATE KEY UPDATE tier_rank = VALUES(tier_rank), tier_id = VALUES(tier_id),"
      " review_at_us = VALUES(review_at_us)");
  upsert.setString(1, member_id);
  upsert.setInt(2, rank);
  upsert.setString(3, tier_id);
  upsert.setInt64(4, absl::ToUnixMicros(review_at));
  upsert.executeUpdate();
}

void RecordChange(Connection& db, const std::string& member_id, const std::string& from,
                  const std::string& to, v1::TierChange::Reason reason, int64_t qualifying,
                  absl::Time now) {
  sql::PreparedStatement& insert = db.Prepare(
      "INSERT INTO tier_changes (member_id, from_tier_id, to_tier_id, reason, qualifying_points,"
      " change_time_us) VALUES (?, ?, ?, ?, ?, ?)");
  insert.setString(1, member_id);
  insert.setString(2, from);
  insert.setString(3, to);
  insert.setInt(4, reason);
  insert.setInt64(5, qualifying);
  insert.setInt64(6, absl::ToUnixMicros(now));
  insert.executeUpdate();
}

}  // namespace coalition::account::tier_rows
