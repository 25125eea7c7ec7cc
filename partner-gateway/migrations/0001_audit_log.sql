-- Every mutating call through the gateway, append-only, each record hashing the previous one's
-- hash with its own fields (partner-gateway/audit_chain.h). The triggers refuse edits from the
-- application; the chain shows any made behind its back.
CREATE TABLE audit_log (
  sequence BIGINT NOT NULL PRIMARY KEY,
  time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  role VARCHAR(16) NOT NULL,
  method VARCHAR(200) NOT NULL,
  request_sha256 CHAR(64) NOT NULL,
  status_code INT NOT NULL,
  previous_hash CHAR(64) NOT NULL,
  hash CHAR(64) NOT NULL
) ENGINE=InnoDB;

CREATE TRIGGER audit_log_is_append_only_u BEFORE UPDATE ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the audit log is append-only';
CREATE TRIGGER audit_log_is_append_only_d BEFORE DELETE ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the audit log is append-only';
