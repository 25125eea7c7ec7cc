-- One-step redemptions, and holds with how they were closed. (caller, request_id) is the
-- client's idempotency key; the ledger holds the points, these rows hold the story.
CREATE TABLE redemptions (
  redemption_id VARCHAR(64) NOT NULL PRIMARY KEY,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  partner_id VARCHAR(40) NOT NULL,
  member_id VARCHAR(64) NOT NULL,
  points BIGINT NOT NULL,
  posting_sequence BIGINT NOT NULL,
  redeem_time_us BIGINT NOT NULL,
  UNIQUE KEY redemptions_by_request (caller, request_id)
) ENGINE=InnoDB;

-- state is coalition.redemption.v1.Hold.State.
CREATE TABLE holds (
  hold_id VARCHAR(64) NOT NULL PRIMARY KEY,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  partner_id VARCHAR(40) NOT NULL,
  member_id VARCHAR(64) NOT NULL,
  points BIGINT NOT NULL,
  state TINYINT NOT NULL,
  captured_points BIGINT NOT NULL DEFAULT 0,
  create_time_us BIGINT NOT NULL,
  close_time_us BIGINT NULL,
  close_caller VARCHAR(64) NULL,
  close_request_id VARCHAR(128) NULL,
  close_fingerprint CHAR(64) NULL,
  UNIQUE KEY holds_by_request (caller, request_id),
  KEY holds_by_member (member_id, state)
) ENGINE=InnoDB;
