-- The database's own ceiling for one earn: the same writes and commits the platform makes per
-- RecordPurchase, with none of our code. Per event:
--   transaction 1 (account): checked UPDATE of the member's balance row, INSERT the posting,
--                            LAST_INSERT_ID, INSERT its two entries, COMMIT
--   transaction 2 (earning): INSERT the purchase (autocommit)
-- Run by bench/ceiling.sh: sysbench bench/sysbench/earn_shaped.lua --members=10000 prepare|run

sysbench.cmdline.options = {
  members = {"Member balance rows", 10000},
}

function prepare()
  local con = sysbench.sql.driver():connect()
  con:query("DROP TABLE IF EXISTS accounts, postings, entries, purchases")
  con:query([[CREATE TABLE accounts (account_id BIGINT PRIMARY KEY, balance BIGINT NOT NULL)
              ENGINE=InnoDB]])
  con:query([[CREATE TABLE postings (sequence BIGINT AUTO_INCREMENT PRIMARY KEY,
              type TINYINT NOT NULL, partner_id VARCHAR(40) NOT NULL, member_id VARCHAR(64) NOT NULL,
              reference VARCHAR(128) NOT NULL, occur_time_us BIGINT NOT NULL,
              recorded_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
              caller VARCHAR(64) NOT NULL, request_id VARCHAR(255) NOT NULL,
              request_fingerprint CHAR(64) NOT NULL, UNIQUE KEY (caller, request_id)) ENGINE=InnoDB]])
  con:query([[CREATE TABLE entries (sequence BIGINT NOT NULL, leg TINYINT NOT NULL,
              account_id BIGINT NOT NULL, points BIGINT NOT NULL, PRIMARY KEY (sequence, leg),
              KEY (account_id, sequence)) ENGINE=InnoDB]])
  con:query([[CREATE TABLE purchases (purchase_id VARCHAR(64) PRIMARY KEY,
              caller VARCHAR(64) NOT NULL, request_id VARCHAR(128) NOT NULL,
              request_fingerprint CHAR(64) NOT NULL, partner_id VARCHAR(40) NOT NULL,
              partner_transaction_id VARCHAR(128) NOT NULL, member_id VARCHAR(64) NOT NULL,
              amount_minor BIGINT NOT NULL, points_earned BIGINT NOT NULL,
              UNIQUE KEY (caller, request_id), UNIQUE KEY (partner_id, partner_transaction_id))
              ENGINE=InnoDB]])
  con:bulk_insert_init("INSERT INTO accounts VALUES")
  for i = 1, sysbench.opt.members do
    con:bulk_insert_next(string.format("(%d, 0)", i))
  end
  con:bulk_insert_done()
end

function cleanup()
  sysbench.sql.driver():connect():query("DROP TABLE IF EXISTS accounts, postings, entries, purchases")
end

function thread_init()
  con = sysbench.sql.driver():connect()
  counter = 0
end

local fingerprint = string.rep("f", 64)

function event()
  counter = counter + 1
  local key = string.format("t%d-%d-%d", sysbench.tid, os.time(), counter)
  local member = sysbench.rand.uniform(1, sysbench.opt.members)
  con:query("BEGIN")
  con:query(string.format(
    "UPDATE accounts SET balance = balance + 10 WHERE account_id = %d AND balance + 10 >= 0", member))
  con:query(string.format(
    "INSERT INTO postings (type, partner_id, member_id, reference, occur_time_us, caller," ..
    " request_id, request_fingerprint) VALUES (1, 'grocer', 'm%d', '%s', 0, 'earning', '%s', '%s')",
    member, key, key, fingerprint))
  local sequence = con:query_row("SELECT LAST_INSERT_ID()")
  con:query(string.format("INSERT INTO entries VALUES (%s, 0, 0, -10), (%s, 1, %d, 10)",
    sequence, sequence, member))
  con:query("COMMIT")
  con:query(string.format(
    "INSERT INTO purchases VALUES ('%s', 'grocer', '%s', '%s', 'grocer', '%s', 'm%d', 1000, 10)",
    key, key, fingerprint, key, member))
end
