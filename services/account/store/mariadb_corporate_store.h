// CorporateStore on MariaDB (migrations/0010_corporate_accounts.sql).
#pragma once

#include "services/account/corporates.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/pii_keyring.h"

namespace coalition::account {

class MariaDbCorporateStore final : public CorporateStore {
 public:
  MariaDbCorporateStore(mariadb::ConnectionPool& pool, const PiiKeyring& keyring)
      : pool_(pool), keyring_(keyring) {}

  absl::StatusOr<v1::CorporateAccount> Create(const RequestKey& key,
                                              const v1::CorporateAccount& company) override;
  absl::StatusOr<v1::CorporateAccount> Get(const std::string& corporate_id) override;
  absl::StatusOr<v1::Member> Link(const RequestKey& key, const std::string& member_id,
                                  const std::string& corporate_id, absl::Time now) override;

 private:
  mariadb::ConnectionPool& pool_;
  const PiiKeyring& keyring_;
};

}  // namespace coalition::account
