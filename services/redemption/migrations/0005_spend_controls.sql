-- Spending controls. Each table of settings is append-only: the latest row is in force, and
-- the earlier ones are the record of who changed what, when and why.
CREATE TABLE partner_switch_changes (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  partner_id VARCHAR(40) NOT NULL,
  enabled TINYINT NOT NULL,
  reason VARCHAR(512) NOT NULL,
  change_time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY partner_switch_by_request (caller, request_id),
  KEY partner_switch_latest (partner_id, id)
) ENGINE=InnoDB;

-- 0 is no limit. The first row is the coalition's default.
CREATE TABLE burn_limit_changes (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  daily_points BIGINT NOT NULL,
  redemptions_per_minute INT NOT NULL,
  change_time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY burn_limits_by_request (caller, request_id)
) ENGINE=InnoDB;

INSERT INTO burn_limit_changes (daily_points, redemptions_per_minute, change_time_us, caller,
  request_id, request_fingerprint) VALUES (100000, 30, 0, 'migration', 'default', '');

CREATE TRIGGER partner_switch_is_append_only_u BEFORE UPDATE ON partner_switch_changes FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'switch changes are never edited';
CREATE TRIGGER burn_limits_are_append_only_u BEFORE UPDATE ON burn_limit_changes FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'limit changes are never edited';

-- One row per member, locked while its spending is checked and recorded, so concurrent
-- spending cannot each see the same room under a limit.
CREATE TABLE member_spend_locks (
  member_id VARCHAR(64) NOT NULL PRIMARY KEY
) ENGINE=InnoDB;

-- What each admitted redemption, hold or order spent (a hold: what it ended up capturing), for
-- the daily and velocity limits. Kept two days, then pruned by the sweeper.
CREATE TABLE member_spending (
  spending_id VARCHAR(64) NOT NULL PRIMARY KEY,
  member_id VARCHAR(64) NOT NULL,
  partner_id VARCHAR(40) NOT NULL,
  points BIGINT NOT NULL,
  spend_time_us BIGINT NOT NULL,
  KEY spending_by_member (member_id, spend_time_us),
  KEY spending_by_time (spend_time_us)
) ENGINE=InnoDB;

-- Every refusal by a control, with what the caller was told.
CREATE TABLE burn_refusals (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id VARCHAR(64) NOT NULL,
  partner_id VARCHAR(40) NOT NULL,
  points BIGINT NOT NULL,
  control VARCHAR(32) NOT NULL,
  message VARCHAR(512) NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  refuse_time_us BIGINT NOT NULL,
  KEY refusals_by_member (member_id, id),
  KEY refusals_by_partner (partner_id, id)
) ENGINE=InnoDB;
