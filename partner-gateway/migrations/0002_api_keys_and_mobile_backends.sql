-- API keys (partner-gateway/api_keys.h): only a salt and a salted SHA-256 of each secret.
-- key_id is derived from the issuing request, so a retried issue finds its own row.
CREATE TABLE api_keys (
  key_id VARCHAR(64) NOT NULL PRIMARY KEY,
  identity VARCHAR(80) NOT NULL,
  salt CHAR(32) NOT NULL,
  secret_sha256 CHAR(64) NOT NULL,
  create_time_us BIGINT NOT NULL,
  expire_time_us BIGINT NOT NULL,
  revoke_time_us BIGINT NULL,
  revoke_reason VARCHAR(500) NOT NULL DEFAULT '',
  replaced_by_key_id VARCHAR(64) NOT NULL DEFAULT '',
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY api_keys_by_request (caller, request_id),
  KEY api_keys_by_identity (identity)
) ENGINE=InnoDB;

-- Revocations and rotations change a key's row; each is kept here too, under its own request
-- key, so a retry returns what the first call did.
CREATE TABLE api_key_changes (
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  key_id VARCHAR(64) NOT NULL,
  new_key_id VARCHAR(64) NOT NULL DEFAULT '',
  change_time_us BIGINT NOT NULL,
  PRIMARY KEY (caller, request_id)
) ENGINE=InnoDB;

-- Which members each mobile backend may read: one partner's, or all (the coalition's own app).
CREATE TABLE mobile_backends (
  mobile_id VARCHAR(64) NOT NULL PRIMARY KEY,
  members_of_partner_id VARCHAR(40) NOT NULL DEFAULT '',
  all_members BOOLEAN NOT NULL,
  update_time_us BIGINT NOT NULL
) ENGINE=InnoDB;

CREATE TABLE mobile_backend_changes (
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  mobile_id VARCHAR(64) NOT NULL,
  members_of_partner_id VARCHAR(40) NOT NULL,
  all_members BOOLEAN NOT NULL,
  change_time_us BIGINT NOT NULL,
  PRIMARY KEY (caller, request_id)
) ENGINE=InnoDB;
