// PartnerAlertStore on MariaDB (migrations/0013_prepaid_partners.sql).
#pragma once

#include "services/account/partner_alert_store.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account {

class MariaDbPartnerAlertStore final : public PartnerAlertStore {
 public:
  explicit MariaDbPartnerAlertStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<admin::v1::ListPartnerAlertsResponse> Recent(
      const std::string& partner_id) override;

 private:
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::account
