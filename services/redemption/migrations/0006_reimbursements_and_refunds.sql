-- What the operator owes the redeeming partner for spent points, fixed when they are spent, and
-- how many of them were refunded since.
ALTER TABLE redemptions
  ADD COLUMN reimburse_minor BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN reimburse_currency CHAR(3) NOT NULL DEFAULT '',
  ADD COLUMN price_amount_minor BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN price_per_points BIGINT NOT NULL DEFAULT 1,
  ADD COLUMN refunded_points BIGINT NOT NULL DEFAULT 0;
ALTER TABLE holds
  ADD COLUMN reimburse_minor BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN reimburse_currency CHAR(3) NOT NULL DEFAULT '',
  ADD COLUMN price_amount_minor BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN price_per_points BIGINT NOT NULL DEFAULT 1,
  ADD COLUMN refunded_points BIGINT NOT NULL DEFAULT 0;

-- A refund is written (and its points counted as refunded) before its ledger posting, so two
-- refunds can never together return more than was spent; posting_sequence is set once posted.
CREATE TABLE redemption_refunds (
  refund_id VARCHAR(64) NOT NULL PRIMARY KEY,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  spending_id VARCHAR(64) NOT NULL,
  partner_id VARCHAR(40) NOT NULL,
  member_id VARCHAR(64) NOT NULL,
  household_id VARCHAR(64) NOT NULL,
  points BIGINT NOT NULL,
  refunded_points BIGINT NOT NULL,
  reimburse_minor BIGINT NOT NULL,
  reimburse_currency CHAR(3) NOT NULL,
  reason VARCHAR(512) NOT NULL,
  posting_sequence BIGINT NULL,
  refund_time_us BIGINT NOT NULL,
  UNIQUE KEY refunds_by_request (caller, request_id),
  KEY refunds_by_spending (spending_id)
) ENGINE=InnoDB;
