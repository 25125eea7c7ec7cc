-- Member-to-member transfers (with the sender's daily limit) and households that pool points.
-- A household's pool is an account of kind 7 (HOUSEHOLD) whose member_id is the owner: the one
-- member who may spend it. Like a member's own points it never goes negative.
ALTER TABLE accounts DROP CONSTRAINT member_accounts_never_negative;
ALTER TABLE accounts ADD CONSTRAINT member_accounts_never_negative
  CHECK (kind NOT IN (1, 2, 7) OR balance >= 0);

-- One row per transfer; the points moved are a TRANSFER posting. transfer_day (days since the
-- epoch, UTC) is what the sender's daily limit sums over.
CREATE TABLE transfers (
  transfer_id VARCHAR(64) NOT NULL PRIMARY KEY,
  from_member_id VARCHAR(64) NOT NULL,
  to_kind TINYINT NOT NULL,                 -- coalition.account.v1.AccountKind: MEMBER or HOUSEHOLD
  to_owner_id VARCHAR(64) NOT NULL,
  points BIGINT NOT NULL,
  posting_sequence BIGINT NOT NULL,
  transfer_day INT NOT NULL,
  transfer_time_us BIGINT NOT NULL,
  daily_points_left BIGINT NOT NULL,        -- as answered, so a retry gets the same answer
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY transfers_by_request (caller, request_id),
  KEY transfers_by_sender_day (from_member_id, transfer_day)
) ENGINE=InnoDB;

CREATE TABLE households (
  household_id VARCHAR(64) NOT NULL PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  owner_member_id VARCHAR(64) NOT NULL,
  create_time_us BIGINT NOT NULL
) ENGINE=InnoDB;

-- Who is in a household now: at most one household per member.
CREATE TABLE household_members (
  member_id VARCHAR(64) NOT NULL PRIMARY KEY,
  household_id VARCHAR(64) NOT NULL,
  joined_change_id BIGINT NOT NULL,
  KEY household_members_by_household (household_id, joined_change_id)
) ENGINE=InnoDB;

-- Every creation, join and leave, append-only; (caller, request_id) makes each idempotent.
-- action: 1 created (the owner joins), 2 joined, 3 left.
CREATE TABLE household_changes (
  change_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  household_id VARCHAR(64) NOT NULL,
  member_id VARCHAR(64) NOT NULL,
  action TINYINT NOT NULL,
  change_time_us BIGINT NOT NULL,
  result BLOB NOT NULL,                     -- the Household as answered, for a retry
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY household_changes_by_request (caller, request_id)
) ENGINE=InnoDB;

CREATE TRIGGER transfers_are_append_only_u BEFORE UPDATE ON transfers FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'transfers are append-only';
CREATE TRIGGER transfers_are_append_only_d BEFORE DELETE ON transfers FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'transfers are append-only';
CREATE TRIGGER household_changes_are_append_only_u BEFORE UPDATE ON household_changes FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'household_changes are append-only';
CREATE TRIGGER household_changes_are_append_only_d BEFORE DELETE ON household_changes FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'household_changes are append-only';
