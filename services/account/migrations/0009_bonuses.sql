-- Operator-funded bonuses. The program is versioned (the latest is in force); a referral is paid
-- once: paid_sequence is set, by a conditional UPDATE inside the qualifying earn's transaction,
-- to the BONUS posting that paid it.
CREATE TABLE bonus_programs (
  version BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  enrollment_bonus_points BIGINT NOT NULL,
  referral_bonus_points BIGINT NOT NULL,
  referral_min_points BIGINT NOT NULL,
  create_time_us BIGINT NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  UNIQUE KEY bonus_programs_by_request (caller, request_id)
) ENGINE=InnoDB;

CREATE TABLE referrals (
  referred_member_id VARCHAR(64) NOT NULL PRIMARY KEY,
  referrer_member_id VARCHAR(64) NOT NULL,
  paid_sequence BIGINT NULL,
  KEY referrals_by_referrer (referrer_member_id)
) ENGINE=InnoDB;
