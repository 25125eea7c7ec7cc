-- A suspended partner can no longer issue points (the earning service refuses its purchases).
-- Every change is kept with its reason.
ALTER TABLE partners ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;

CREATE TABLE partner_state_changes (
  change_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  partner_id VARCHAR(40) NOT NULL,
  active BOOLEAN NOT NULL,
  reason VARCHAR(500) NOT NULL,
  change_time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY partner_state_changes_by_request (caller, request_id)
) ENGINE=InnoDB;

CREATE TRIGGER partner_state_changes_are_append_only_u BEFORE UPDATE ON partner_state_changes FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'partner_state_changes are append-only';
CREATE TRIGGER partner_state_changes_are_append_only_d BEFORE DELETE ON partner_state_changes FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'partner_state_changes are append-only';
