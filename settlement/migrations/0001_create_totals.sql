-- Settlement's own view of the ledger: points each partner issued and had redeemed, per UTC day,
-- and how far the ledger has been read. Both change in one transaction, so each posting counts
-- exactly once.
CREATE TABLE follow_cursor (
  id TINYINT NOT NULL PRIMARY KEY,
  last_sequence BIGINT NOT NULL
) ENGINE=InnoDB;

INSERT INTO follow_cursor (id, last_sequence) VALUES (1, 0);

CREATE TABLE partner_day_totals (
  partner_id VARCHAR(40) NOT NULL,
  day DATE NOT NULL,
  points_issued BIGINT NOT NULL,
  points_redeemed BIGINT NOT NULL,
  PRIMARY KEY (partner_id, day),
  KEY totals_by_day (day)
) ENGINE=InnoDB;
