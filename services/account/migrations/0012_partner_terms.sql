-- Partners' commercial terms after onboarding, versioned like earn rules: a version is inserted
-- once and never changed; the one in force at a posting is the latest effective_from_us at or
-- before it, and before the first, the rates in `partners` (version 0). `terms` is the
-- coalition.admin.v1.PartnerTerms message, serialised.
CREATE TABLE partner_terms (
  partner_id VARCHAR(40) NOT NULL,
  version BIGINT NOT NULL,
  effective_from_us BIGINT NOT NULL,
  terms BLOB NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  PRIMARY KEY (partner_id, version),
  UNIQUE KEY partner_terms_by_request (caller, request_id)
) ENGINE=InnoDB;

CREATE TRIGGER partner_terms_are_append_only_u BEFORE UPDATE ON partner_terms FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'partner terms versions are never edited';
CREATE TRIGGER partner_terms_are_append_only_d BEFORE DELETE ON partner_terms FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'partner terms versions are never edited';
