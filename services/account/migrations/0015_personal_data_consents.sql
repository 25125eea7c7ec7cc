-- Which partners a member lets see her name, email and phone besides the one she enrolled at.
-- Append-only: the latest row for (member, partner) decides (docs/points.md, "Personal data").
CREATE TABLE personal_data_consents (
  consent_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id VARCHAR(64) NOT NULL,
  partner_id VARCHAR(64) NOT NULL,
  granted BOOLEAN NOT NULL,
  change_time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY personal_data_consents_by_request (caller, request_id),
  KEY personal_data_consents_by_member (member_id, partner_id, consent_id)
) ENGINE=InnoDB;

CREATE TRIGGER personal_data_consents_are_append_only_u BEFORE UPDATE ON personal_data_consents FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'personal_data_consents are append-only';
CREATE TRIGGER personal_data_consents_are_append_only_d BEFORE DELETE ON personal_data_consents FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'personal_data_consents are append-only';
