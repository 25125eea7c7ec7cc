-- Corporate accounts: a company (kind 9, CORPORATE, owner_id = corporate id) earns its own points
-- on its linked members' business purchases. Never negative; its points are kept in lots and
-- expire like a member's. Every link and unlink is kept, append-only.
ALTER TABLE accounts DROP CONSTRAINT member_accounts_never_negative;
ALTER TABLE accounts ADD CONSTRAINT member_accounts_never_negative
  CHECK (kind NOT IN (1, 2, 7, 8, 9) OR balance >= 0);

CREATE TABLE corporates (
  corporate_id VARCHAR(64) NOT NULL PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  create_time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY corporates_by_request (caller, request_id)
) ENGINE=InnoDB;

ALTER TABLE members ADD COLUMN corporate_id VARCHAR(64) NULL;

CREATE TABLE corporate_links (
  link_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  member_id VARCHAR(64) NOT NULL,
  corporate_id VARCHAR(64) NOT NULL,      -- '' for an unlink
  link_time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY corporate_links_by_request (caller, request_id)
) ENGINE=InnoDB;

CREATE TRIGGER corporate_links_are_append_only_u BEFORE UPDATE ON corporate_links FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'corporate_links are append-only';
CREATE TRIGGER corporate_links_are_append_only_d BEFORE DELETE ON corporate_links FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'corporate_links are append-only';
