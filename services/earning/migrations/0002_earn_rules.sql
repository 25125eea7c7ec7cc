-- Partners' earn rules, versioned: a version is inserted once and never changed; the one in force
-- at a purchase's time is the latest effective_from_us at or before it. `rules` is the
-- coalition.earning.v1.EarnRules message, serialised.
CREATE TABLE earn_rules (
  partner_id VARCHAR(40) NOT NULL,
  version BIGINT NOT NULL,
  effective_from_us BIGINT NOT NULL,
  rules BLOB NOT NULL,
  caller VARCHAR(64) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  request_fingerprint CHAR(64) NOT NULL,
  PRIMARY KEY (partner_id, version),
  UNIQUE KEY earn_rules_by_request (caller, request_id),
  KEY earn_rules_in_force (partner_id, effective_from_us)
) ENGINE=InnoDB;

CREATE TRIGGER earn_rules_are_append_only_u BEFORE UPDATE ON earn_rules FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'earn rule versions are never edited';
CREATE TRIGGER earn_rules_are_append_only_d BEFORE DELETE ON earn_rules FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'earn rule versions are never edited';

-- When each purchase happened (the rules in force then apply) and how its points were worked out
-- (coalition.earning.v1.EarnBreakdown, serialised). The member-and-partner index serves the
-- first-purchase promotion and the monthly cap.
ALTER TABLE purchases ADD COLUMN purchase_time_us BIGINT NOT NULL DEFAULT 0, ADD COLUMN breakdown BLOB NULL, ADD KEY purchases_by_member_partner (member_id, partner_id, purchase_time_us);

-- One row per member and partner, locked by a claim whose points depend on the member's other
-- purchases there (sessions run READ COMMITTED, which takes no gap locks on an empty range).
CREATE TABLE member_partner_locks (
  member_id VARCHAR(64) NOT NULL,
  partner_id VARCHAR(40) NOT NULL,
  PRIMARY KEY (member_id, partner_id)
) ENGINE=InnoDB;
