-- Every mutating request claims its idempotency key here before it reads or changes anything
-- (services/common/request_claims.h): a copy of the request that arrives while the first attempt
-- runs waits for the answer recorded here, instead of deciding again from changed balances.
-- answer_code is NULL while an attempt runs (runner, until lease_until), then the answer's status
-- code: 0 with `response` (the reply's bytes) or, where the request's own rows are the answer,
-- without; otherwise the refusal, with its message.
CREATE TABLE IF NOT EXISTS request_claims (
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(255) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  runner CHAR(32) NULL,
  lease_until DATETIME(6) NOT NULL,
  answer_code INT NULL,
  answer_message TEXT NULL,
  response MEDIUMBLOB NULL,
  claim_time DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (caller, request_id)
) ENGINE=InnoDB;

-- The ledger's postings made before claims existed are their keys' answers. One statement over
-- the whole ledger, so without the sessions' 5 s statement limit; IGNORE and IF NOT EXISTS let a
-- start that died half way through run this file again. (A posting an older instance makes while
-- this runs has no claim: the ledger looks for such postings when a key's claim is new but its
-- posting is refused or collides, mariadb_ledger_store.cc.)
SET STATEMENT max_statement_time = 0 FOR
INSERT IGNORE INTO request_claims (caller, request_id, request_fingerprint, lease_until,
                                   answer_code)
  SELECT caller, request_id, request_fingerprint, recorded_at, 0 FROM postings;
