-- The tier ladder (versioned: a new version is published, none is edited), what each member has
-- earned per calendar month (for the rolling qualifying window), members' tiers and their history.
CREATE TABLE tier_ladders (
  version BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  window_months INT NOT NULL,
  create_time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY tier_ladders_by_request (caller, request_id)
) ENGINE=InnoDB;

CREATE TABLE tier_levels (
  version BIGINT NOT NULL,
  tier_rank INT NOT NULL,           -- 0 is the lowest
  tier_id VARCHAR(40) NOT NULL,
  display_name VARCHAR(100) NOT NULL,
  qualifying_points BIGINT NOT NULL,
  earn_multiplier_bp INT NOT NULL,
  PRIMARY KEY (version, tier_rank)
) ENGINE=InnoDB;

-- Points earned per member per month (month = year * 12 + month - 1), so a rolling window is a
-- sum over at most 36 rows.
CREATE TABLE member_qualifying (
  member_id VARCHAR(64) NOT NULL,
  month INT NOT NULL,
  points BIGINT NOT NULL,
  PRIMARY KEY (member_id, month)
) ENGINE=InnoDB;

-- Members above the lowest tier; a member without a row is at the lowest.
CREATE TABLE member_tiers (
  member_id VARCHAR(64) NOT NULL PRIMARY KEY,
  tier_rank INT NOT NULL,
  tier_id VARCHAR(40) NOT NULL,
  review_at_us BIGINT NOT NULL,
  KEY member_tiers_by_review (review_at_us)
) ENGINE=InnoDB;

CREATE TABLE tier_changes (
  change_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id VARCHAR(64) NOT NULL,
  from_tier_id VARCHAR(40) NOT NULL,
  to_tier_id VARCHAR(40) NOT NULL,
  reason TINYINT NOT NULL,          -- coalition.account.v1.TierChange.Reason
  qualifying_points BIGINT NOT NULL,
  change_time_us BIGINT NOT NULL,
  KEY tier_changes_by_member (member_id, change_id)
) ENGINE=InnoDB;

CREATE TRIGGER tier_changes_are_append_only_u BEFORE UPDATE ON tier_changes FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'tier_changes are append-only';
CREATE TRIGGER tier_changes_are_append_only_d BEFORE DELETE ON tier_changes FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'tier_changes are append-only';

CREATE TABLE tier_review_runs (
  run_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  as_of_us BIGINT NOT NULL,
  complete BOOLEAN NOT NULL DEFAULT FALSE,
  members_reviewed BIGINT NOT NULL DEFAULT 0,
  members_moved_down BIGINT NOT NULL DEFAULT 0,
  UNIQUE KEY tier_review_runs_by_request (caller, request_id)
) ENGINE=InnoDB;
