-- One projection of the ledger. The follower used to count each page twice: into
-- partner_day_totals (net points issued and redeemed per day, priced later at the partner's
-- terms of the day a statement was asked for) and into period_totals (per terms version). Now it
-- makes one set of facts (settlement/ledger_facts.h) and keeps them summed two ways in one
-- transaction: by period (period_totals) and by business day here, with the terms version, so an
-- ad-hoc statement is priced exactly as a period's close is.
CREATE TABLE day_facts (
  day DATE NOT NULL,
  partner_id VARCHAR(40) NOT NULL,
  kind TINYINT NOT NULL,                  -- coalition.settlement.v1.FactKind
  -- The version in force at the postings' time; -1 for points carried over from
  -- partner_day_totals, counted before day totals kept versions (priced at the partner's terms
  -- in force now, as they always were).
  terms_version BIGINT NOT NULL,
  points BIGINT NOT NULL,
  postings BIGINT NOT NULL,
  PRIMARY KEY (day, partner_id, kind, terms_version)
) ENGINE=InnoDB;

-- Where no period has begun closing, count everything again from the start (as 0003 did), so
-- the day facts are exact. Otherwise a closed period's report is final and its totals must not
-- be counted again: the old day totals are carried over as they were, at version -1: net points
-- issued as ISSUED (1), or REVERSED (2) where negative; net points redeemed as REDEEMED (3), or
-- REFUNDED (4) where negative. On a new database this changes nothing.
INSERT INTO day_facts (day, partner_id, kind, terms_version, points, postings)
  SELECT day, partner_id, IF(points_issued > 0, 1, 2), -1, ABS(points_issued), 0
  FROM partner_day_totals
  WHERE points_issued <> 0 AND EXISTS (SELECT 1 FROM periods WHERE state <> 1);
INSERT INTO day_facts (day, partner_id, kind, terms_version, points, postings)
  SELECT day, partner_id, IF(points_redeemed > 0, 3, 4), -1, ABS(points_redeemed), 0
  FROM partner_day_totals
  WHERE points_redeemed <> 0 AND EXISTS (SELECT 1 FROM periods WHERE state <> 1);
UPDATE follow_cursor SET last_sequence = 0 WHERE NOT EXISTS (SELECT 1 FROM periods WHERE state <> 1);
DELETE FROM period_totals WHERE NOT EXISTS (SELECT 1 FROM periods WHERE state <> 1);

DROP TABLE partner_day_totals;
