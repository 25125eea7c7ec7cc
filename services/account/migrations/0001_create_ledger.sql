-- The registry of parties (partners, members) and the double-entry ledger over their accounts.
-- Times are microseconds since the Unix epoch, UTC, from the service's injectable clock.

CREATE TABLE partners (
  partner_seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,  -- paging order
  partner_id VARCHAR(40) NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  currency CHAR(3) NOT NULL,
  earn_points BIGINT NOT NULL,
  earn_per_amount_minor BIGINT NOT NULL,
  issuance_amount_minor BIGINT NOT NULL,
  issuance_per_points BIGINT NOT NULL,
  reimbursement_amount_minor BIGINT NOT NULL,
  reimbursement_per_points BIGINT NOT NULL,
  create_time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY partners_by_id (partner_id),
  UNIQUE KEY partners_by_request (caller, request_id)
) ENGINE=InnoDB;

CREATE TABLE members (
  member_id VARCHAR(64) NOT NULL PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  email VARCHAR(254) NOT NULL,
  enrolled_by_partner_id VARCHAR(40) NOT NULL,
  enroll_time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY members_by_request (caller, request_id)
) ENGINE=InnoDB;

-- kind is coalition.account.v1.AccountKind. Only member-owned accounts (MEMBER, MEMBER_HOLD) keep
-- a balance row, updated with a checked conditional UPDATE; partner and operator accounts are
-- touched by every posting of their kind, so their balances are derived from entries instead of
-- serialising all postings behind one row lock.
CREATE TABLE accounts (
  account_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind TINYINT NOT NULL,
  owner_id VARCHAR(64) NOT NULL,
  member_id VARCHAR(64) NULL,
  balance BIGINT NOT NULL DEFAULT 0,
  UNIQUE KEY accounts_by_owner (kind, owner_id),
  KEY accounts_by_member (member_id, kind),
  CONSTRAINT member_accounts_never_negative CHECK (kind NOT IN (1, 2) OR balance >= 0)
) ENGINE=InnoDB;

-- One row per balanced posting. sequence is strictly increasing; followers read it in order
-- (see LedgerStore::ListAfter for how uncommitted gaps are handled).
CREATE TABLE postings (
  sequence BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  type TINYINT NOT NULL,
  partner_id VARCHAR(40) NOT NULL,
  member_id VARCHAR(64) NOT NULL,
  reference VARCHAR(128) NOT NULL,
  occur_time_us BIGINT NOT NULL,
  recorded_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(255) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY postings_by_request (caller, request_id)
) ENGINE=InnoDB;

CREATE TABLE entries (
  sequence BIGINT NOT NULL,
  leg TINYINT NOT NULL,
  account_id BIGINT NOT NULL,
  points BIGINT NOT NULL,
  PRIMARY KEY (sequence, leg),
  KEY entries_by_account (account_id, sequence)
) ENGINE=InnoDB;

-- History is never rewritten: corrections are new postings.
CREATE TRIGGER postings_are_append_only_u BEFORE UPDATE ON postings FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'postings are append-only';
CREATE TRIGGER postings_are_append_only_d BEFORE DELETE ON postings FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'postings are append-only';
CREATE TRIGGER entries_are_append_only_u BEFORE UPDATE ON entries FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'entries are append-only';
CREATE TRIGGER entries_are_append_only_d BEFORE DELETE ON entries FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'entries are append-only';

INSERT INTO accounts (kind, owner_id) VALUES (5, 'operator'), (6, 'operator');
