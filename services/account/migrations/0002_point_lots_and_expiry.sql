-- Points in member-owned accounts, kept in lots by the credit they came from (see
-- services/account/lot_allocation.h). A lot is current state like a balance: the store keeps
-- every member-owned account's balance equal to the sum of its lots, and deletes a lot once it
-- is used up. What moved when is kept, append-only, in lot_moves.
CREATE TABLE lots (
  account_id BIGINT NOT NULL,
  origin_sequence BIGINT NOT NULL,  -- the posting that first credited the points; 0 for legacy
  expire_at_us BIGINT NOT NULL,
  points BIGINT NOT NULL,
  PRIMARY KEY (account_id, origin_sequence),
  KEY lots_by_expiry (expire_at_us, account_id),
  CONSTRAINT lots_hold_points CHECK (points > 0)
) ENGINE=InnoDB;

-- Every change to a lot, by the posting that made it: points < 0 left the lot in account_id,
-- points > 0 arrived there. Traces any spend, hold or expiry back to the credits it consumed.
CREATE TABLE lot_moves (
  sequence BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  origin_sequence BIGINT NOT NULL,
  points BIGINT NOT NULL,
  PRIMARY KEY (sequence, account_id, origin_sequence),
  KEY lot_moves_by_origin (origin_sequence)
) ENGINE=InnoDB;

CREATE TRIGGER lot_moves_are_append_only_u BEFORE UPDATE ON lot_moves FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'lot_moves are append-only';
CREATE TRIGGER lot_moves_are_append_only_d BEFORE DELETE ON lot_moves FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'lot_moves are append-only';

-- Balances from before lots existed become one legacy lot each, expiring two years from now.
INSERT INTO lots (account_id, origin_sequence, expire_at_us, points)
  SELECT account_id, 0, (UNIX_TIMESTAMP() + 2 * 366 * 86400) * 1000000, balance
  FROM accounts WHERE kind IN (1, 2) AND balance > 0;

-- One row per expiry run, keyed by the operator's request; its as-of time is fixed when it
-- starts, so a run that stopped half way goes on with the same cut-off.
CREATE TABLE expiry_runs (
  run_id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  as_of_us BIGINT NOT NULL,
  complete BOOLEAN NOT NULL DEFAULT FALSE,
  members BIGINT NOT NULL DEFAULT 0,
  postings BIGINT NOT NULL DEFAULT 0,
  points BIGINT NOT NULL DEFAULT 0,
  UNIQUE KEY expiry_runs_by_request (caller, request_id)
) ENGINE=InnoDB;
