-- Partners' burn terms, versioned like earn rules: a version is inserted once and never
-- changed; the one in force at a redemption is the latest effective_from_us at or before it.
-- `terms` is the coalition.redemption.v1.BurnTerms message, serialised.
CREATE TABLE burn_terms (
  partner_id VARCHAR(40) NOT NULL,
  version BIGINT NOT NULL,
  effective_from_us BIGINT NOT NULL,
  terms BLOB NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  PRIMARY KEY (partner_id, version),
  UNIQUE KEY burn_terms_by_request (caller, request_id)
) ENGINE=InnoDB;

CREATE TRIGGER burn_terms_are_append_only_u BEFORE UPDATE ON burn_terms FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'burn terms versions are never edited';
CREATE TRIGGER burn_terms_are_append_only_d BEFORE DELETE ON burn_terms FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'burn terms versions are never edited';
