-- A suspended member's account is frozen: the ledger's checked update refuses its earns and
-- spends (not the release or capture of a hold it already has). Every change is kept.
ALTER TABLE accounts ADD COLUMN frozen BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE member_state_changes (
  change_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id VARCHAR(64) NOT NULL,
  state TINYINT NOT NULL,           -- coalition.account.v1.Member.State
  reason VARCHAR(500) NOT NULL,
  change_time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY member_state_changes_by_request (caller, request_id),
  KEY member_state_changes_by_member (member_id, change_id)
) ENGINE=InnoDB;

CREATE TRIGGER member_state_changes_are_append_only_u BEFORE UPDATE ON member_state_changes FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'member_state_changes are append-only';
CREATE TRIGGER member_state_changes_are_append_only_d BEFORE DELETE ON member_state_changes FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'member_state_changes are append-only';
