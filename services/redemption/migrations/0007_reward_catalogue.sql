-- Partners' rewards for a fixed points price. stock is decremented under the row's lock before
-- the points are spent, and given back if the spending is refused, so it never goes below zero.
CREATE TABLE rewards (
  partner_id VARCHAR(40) NOT NULL,
  reward_id VARCHAR(40) NOT NULL,
  name VARCHAR(200) NOT NULL,
  points_price BIGINT NOT NULL,
  stock BIGINT NOT NULL,
  available TINYINT NOT NULL,
  PRIMARY KEY (partner_id, reward_id),
  CONSTRAINT stock_never_negative CHECK (stock >= 0)
) ENGINE=InnoDB;

-- Catalogue changes, for the record and for idempotent retries.
CREATE TABLE reward_changes (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  partner_id VARCHAR(40) NOT NULL,
  reward_id VARCHAR(40) NOT NULL,
  reward BLOB NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  change_time_us BIGINT NOT NULL,
  UNIQUE KEY reward_changes_by_request (caller, request_id)
) ENGINE=InnoDB;

CREATE TABLE reward_orders (
  order_id VARCHAR(64) NOT NULL PRIMARY KEY,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  partner_id VARCHAR(40) NOT NULL,
  reward_id VARCHAR(40) NOT NULL,
  member_id VARCHAR(64) NOT NULL,
  quantity INT NOT NULL,
  points BIGINT NOT NULL,
  redemption_id VARCHAR(64) NULL,
  order_time_us BIGINT NOT NULL,
  UNIQUE KEY reward_orders_by_request (caller, request_id)
) ENGINE=InnoDB;
