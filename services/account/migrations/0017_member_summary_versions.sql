-- A counter per member that every write changing what GetMemberSummary shows moves on, in the same
-- transaction (services/account/store/member_summary_versions.h): a summary read at version v is
-- current for as long as the counter says v, so the service can answer from memory after one
-- primary-key read. A member without a row is at version 0.
CREATE TABLE IF NOT EXISTS member_summary_versions (
  member_id VARCHAR(64) NOT NULL PRIMARY KEY,
  version BIGINT NOT NULL
) ENGINE=InnoDB;
