-- Pending purchases: state is coalition.earning.v1.Purchase.State (2 CONFIRMED for every purchase
-- recorded as final). Leaving PENDING is one conditional UPDATE, keyed by the request that did it.
ALTER TABLE purchases ADD COLUMN state TINYINT NOT NULL DEFAULT 2, ADD COLUMN pending_until_us BIGINT NULL, ADD COLUMN settle_time_us BIGINT NULL, ADD COLUMN settle_caller VARCHAR(64) NULL, ADD COLUMN settle_request_id VARCHAR(128) NULL, ADD COLUMN settle_fingerprint CHAR(64) NULL, ADD KEY purchases_pending (state, pending_until_us);

CREATE TABLE pending_lapse_runs (
  run_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  as_of_us BIGINT NOT NULL,
  complete BOOLEAN NOT NULL DEFAULT FALSE,
  purchases BIGINT NOT NULL DEFAULT 0,
  UNIQUE KEY pending_lapse_runs_by_request (caller, request_id)
) ENGINE=InnoDB;
