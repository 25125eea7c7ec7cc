-- A redemption may spend a household's pooled points (by its owner) instead of the member's own.
ALTER TABLE redemptions ADD COLUMN household_id VARCHAR(64) NOT NULL DEFAULT '';
