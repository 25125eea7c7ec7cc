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
