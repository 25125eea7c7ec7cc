-- Period totals (0002) came after the follower had counted postings into day totals only. On a
-- ledger followed before then, count everything again from the start, into both, provided no
-- period has begun closing (a closed period's report is final). On a new database this changes
-- nothing: the cursor is at 0 and the tables are empty.
UPDATE follow_cursor SET last_sequence = 0 WHERE NOT EXISTS (SELECT 1 FROM periods WHERE state <> 1);
DELETE FROM partner_day_totals WHERE NOT EXISTS (SELECT 1 FROM periods WHERE state <> 1);
DELETE FROM period_totals WHERE NOT EXISTS (SELECT 1 FROM periods WHERE state <> 1);
