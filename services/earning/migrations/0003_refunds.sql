-- Refunds of purchases and the points each took back. Claimed under the purchase's row lock, so
-- concurrent refunds of one purchase see each other and never reverse more than it earned. The
-- posting lives in the ledger, keyed by refund/<partner_id>/<partner_refund_id>.
CREATE TABLE refunds (
  refund_id VARCHAR(64) NOT NULL PRIMARY KEY,
  purchase_id VARCHAR(64) NOT NULL,
  partner_id VARCHAR(40) NOT NULL,
  partner_refund_id VARCHAR(128) NOT NULL,
  member_id VARCHAR(64) NOT NULL,
  amount_minor BIGINT NOT NULL,
  points_due BIGINT NOT NULL,
  points_reversed BIGINT NOT NULL,
  refund_time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY refunds_by_request (caller, request_id),
  UNIQUE KEY refunds_by_partner_refund (partner_id, partner_refund_id),
  KEY refunds_by_purchase (purchase_id)
) ENGINE=InnoDB;
