#include "services/account/grpc/account_service.h"

#include "services/common/mariadb/migrate.h"
#include "services/common/migration.h"
#include "services/common/status_macros.h"

namespace coalition::account {

const std::vector<Migration>& Migrations();  // embedded from migrations/*.sql

absl::StatusOr<std::unique_ptr<AccountService>> AccountService::Create(
    const mariadb::DbConfig& db, const Clock& clock, const AccountOptions& options) {
  ASSIGN_OR_RETURN(PiiKeyring keyring, PiiKeyring::Load(options.pii_keys_file));
  RETURN_IF_ERROR(mariadb::ApplyMigrations(db, Migrations()));
  ASSIGN_OR_RETURN(std::unique_ptr<mariadb::ConnectionPool> pool,
                   mariadb::ConnectionPool::Create(db));
  return std::unique_ptr<AccountService>(
      new AccountService(std::move(pool), std::move(keyring), clock, options));
}

AccountService::AccountService(std::unique_ptr<mariadb::ConnectionPool> pool, PiiKeyring keyring,
                               const Clock& clock, const AccountOptions& options)
    : pool_(std::move(pool)),
      keyring_(std::move(keyring)),
      tier_store_(*pool_),
      bonus_store_(*pool_),
      ledger_store_(*pool_, options.expiry_policy, tier_store_, options.ledger_batches),
      party_store_(*pool_, keyring_),
      transfer_store_(*pool_, ledger_store_),
      household_store_(*pool_),
      lifecycle_store_(*pool_, keyring_, ledger_store_, tier_store_),
      corporate_store_(*pool_, keyring_),
      member_event_store_(*pool_),
      partner_alert_store_(*pool_),
      ledger_(ledger_store_, clock, options.follow_settle_time),
      bonuses_(bonus_store_, ledger_store_, clock),
      partner_terms_versions_(*pool_, "partner_terms", "terms"),
      partner_terms_(partner_terms_versions_, party_store_, clock),
      point_blocks_(partner_alert_store_, ledger_store_, party_store_, clock),
      registry_(party_store_, bonuses_, partner_terms_, clock),
      expiry_(ledger_store_, clock),
      tiers_(tier_store_, clock),
      pii_rekey_(party_store_, clock),
      transfers_(transfer_store_, clock, options.transfer_daily_limit_points),
      households_(household_store_, clock),
      lifecycle_(lifecycle_store_, clock),
      corporates_(corporate_store_, clock),
      member_events_(member_event_store_, clock),
      event_streams_(member_events_, options.member_event_streams),
      account_handler_(registry_, ledger_, tiers_, transfers_, households_, event_streams_),
      ledger_handler_(ledger_),
      admin_handler_(registry_, partner_terms_, point_blocks_),
      account_admin_handler_(ledger_, expiry_, tiers_, registry_, lifecycle_, pii_rekey_, bonuses_,
                             corporates_) {}

}  // namespace coalition::account
