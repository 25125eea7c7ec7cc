// LifecycleStore on MariaDB (migrations/0006_member_lifecycle.sql). Closing and merging post to
// the ledger through the ledger store, inside their own transaction, under the members' row
// locks.
#pragma once

#include "services/account/lifecycle_store.h"
#include "services/account/store/mariadb_ledger_store.h"
#include "services/account/store/mariadb_tier_store.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/pii_keyring.h"

namespace coalition::account {

class MariaDbLifecycleStore final : public LifecycleStore {
 public:
  MariaDbLifecycleStore(mariadb::ConnectionPool& pool, const PiiKeyring& keyring,
                        MariaDbLedgerStore& ledger, MariaDbTierStore& tiers)
      : pool_(pool), keyring_(keyring), ledger_(ledger), tiers_(tiers) {}

  absl::StatusOr<v1::Member> Close(const RequestKey& key, const std::string& member_id,
                                   const std::string& reason, absl::Time now) override;
  absl::StatusOr<v1::Member> Merge(const RequestKey& key, const std::string& source_member_id,
                                   const std::string& target_member_id, const std::string& reason,
                                   absl::Time now) override;

 private:
  mariadb::ConnectionPool& pool_;
  const PiiKeyring& keyring_;
  MariaDbLedgerStore& ledger_;
  MariaDbTierStore& tiers_;
};

}  // namespace coalition::account
