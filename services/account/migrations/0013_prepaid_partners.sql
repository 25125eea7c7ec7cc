-- Pre-paid partners buy points in blocks: a PARTNER_PREPAID account each (kind 10), which never
-- goes negative, and an alert when an accrual takes it below the partner's low-water mark.
ALTER TABLE partners
  ADD COLUMN prepaid TINYINT NOT NULL DEFAULT 0,
  ADD COLUMN low_water_points BIGINT NOT NULL DEFAULT 0;

INSERT INTO accounts (kind, owner_id) SELECT 10, partner_id FROM partners;

CREATE TABLE partner_alerts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  partner_id VARCHAR(40) NOT NULL,
  kind VARCHAR(32) NOT NULL,
  prepaid_points BIGINT NOT NULL,
  low_water_points BIGINT NOT NULL,
  posting_sequence BIGINT NOT NULL,
  alert_time_us BIGINT NOT NULL,
  KEY partner_alerts_by_partner (partner_id, id)
) ENGINE=InnoDB;
