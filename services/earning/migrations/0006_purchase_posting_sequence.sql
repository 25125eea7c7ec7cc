-- The ledger posting that credited a purchase's points, recorded when the ledger answers; 0 until
-- then, and for a purchase that earned none. A retry of the purchase records it if its first
-- attempt did not get to (the ledger answers the retry with the same posting).
ALTER TABLE purchases ADD COLUMN posting_sequence BIGINT NOT NULL DEFAULT 0;
