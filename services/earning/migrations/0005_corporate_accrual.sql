-- A business purchase also earns for the member's company, under the partner's corporate rate,
-- by a second posting keyed purchase/<partner_id>/<partner_transaction_id>/corporate.
ALTER TABLE purchases ADD COLUMN corporate_id VARCHAR(64) NULL, ADD COLUMN corporate_points BIGINT NOT NULL DEFAULT 0;
