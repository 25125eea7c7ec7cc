-- A record may count refusals of one kind in a window instead of being one call
-- (partner-gateway/call_audit.h). 0 for every record before this.
ALTER TABLE audit_log ADD COLUMN aggregated_refusals BIGINT NOT NULL DEFAULT 0;
