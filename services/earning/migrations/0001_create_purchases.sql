-- Purchases partners reported, and the points each earned. A row is claimed before the points
-- are posted: its two unique keys stop a partner transaction being credited twice and a request
-- id being used for two purchases, however requests race. The posting lives in the ledger,
-- keyed by purchase/<partner_id>/<partner_transaction_id>.
CREATE TABLE purchases (
  purchase_id VARCHAR(64) NOT NULL PRIMARY KEY,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  partner_id VARCHAR(40) NOT NULL,
  partner_transaction_id VARCHAR(128) NOT NULL,
  member_id VARCHAR(64) NOT NULL,
  amount_minor BIGINT NOT NULL,
  currency CHAR(3) NOT NULL,
  category VARCHAR(64) NOT NULL,
  points_earned BIGINT NOT NULL,
  record_time_us BIGINT NOT NULL,
  UNIQUE KEY purchases_by_request (caller, request_id),
  UNIQUE KEY purchases_by_partner_transaction (partner_id, partner_transaction_id),
  KEY purchases_by_member (member_id, record_time_us)
) ENGINE=InnoDB;
