-- Personal data at rest: a member's name, email and phone are sealed together (AES-256-GCM,
-- services/common/pii_keyring.h) in pii_sealed under the key pii_key_id, bound to the member id.
-- Members enrolled before this migration keep plaintext display_name and email until a
-- RunPiiRekey run seals them and blanks those columns.
ALTER TABLE members ADD COLUMN pii_key_id VARCHAR(40) NULL, ADD COLUMN pii_sealed VARBINARY(1024) NULL, ADD COLUMN card_number VARCHAR(19) NULL, ADD COLUMN erase_time_us BIGINT NULL, ADD UNIQUE KEY members_by_card (card_number), ADD KEY members_by_pii_key (pii_key_id);

-- A partner's own id for a member (its customer number), for lookups.
CREATE TABLE member_external_ids (
  partner_id VARCHAR(40) NOT NULL,
  external_id VARCHAR(128) NOT NULL,
  member_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (partner_id, external_id),
  KEY member_external_ids_by_member (member_id)
) ENGINE=InnoDB;

CREATE TABLE member_erasures (
  erasure_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id VARCHAR(64) NOT NULL,
  reason VARCHAR(500) NOT NULL,
  erase_time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY member_erasures_by_request (caller, request_id)
) ENGINE=InnoDB;

CREATE TABLE pii_rekey_runs (
  run_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  as_of_us BIGINT NOT NULL,
  complete BOOLEAN NOT NULL DEFAULT FALSE,
  members BIGINT NOT NULL DEFAULT 0,
  UNIQUE KEY pii_rekey_runs_by_request (caller, request_id)
) ENGINE=InnoDB;
