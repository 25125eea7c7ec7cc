-- Settlement periods and what they hold. A period takes the facts of postings whose business
-- time falls in it while it is OPEN; once CLOSING, later arrivals go to the next open period,
-- marked late; once CLOSED its report never changes.
CREATE TABLE periods (
  period_start DATE NOT NULL PRIMARY KEY,
  period_end DATE NOT NULL,
  state TINYINT NOT NULL,                 -- coalition.settlement.v1.Period.State
  closed_at_sequence BIGINT NULL,
  close_time_us BIGINT NULL
) ENGINE=InnoDB;

-- Points per partner, kind (coalition.settlement.v1.FactKind) and terms version: a statement
-- line each, priced when the period closes.
CREATE TABLE period_totals (
  period_start DATE NOT NULL,
  partner_id VARCHAR(40) NOT NULL,
  kind TINYINT NOT NULL,
  terms_version BIGINT NOT NULL,
  late TINYINT NOT NULL,
  points BIGINT NOT NULL,
  postings BIGINT NOT NULL,
  PRIMARY KEY (period_start, partner_id, kind, terms_version, late)
) ENGINE=InnoDB;

-- A closed period's statements, netting and operator result: the
-- coalition.settlement.v1.PeriodReport message, serialised, written once.
CREATE TABLE period_reports (
  period_start DATE NOT NULL PRIMARY KEY,
  report MEDIUMBLOB NOT NULL
) ENGINE=InnoDB;

CREATE TRIGGER period_reports_are_final_u BEFORE UPDATE ON period_reports FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'a closed period never changes';
CREATE TRIGGER period_reports_are_final_d BEFORE DELETE ON period_reports FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'a closed period never changes';
