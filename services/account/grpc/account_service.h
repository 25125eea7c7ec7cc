// The account service assembled: schema migrated, pool, stores, logic and handlers, owned
// together. Used by the account binary and the all-in-one binary alike.
//
//   ASSIGN_OR_RETURN(auto account, AccountService::Create(db_config, clock, options));
//   Serve(options, account->services());
#pragma once

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "services/account/grpc/account_flags.h"
#include "services/account/grpc/grpc_handlers.h"
#include "services/account/store/mariadb_bonus_store.h"
#include "services/account/store/mariadb_corporate_store.h"
#include "services/account/store/mariadb_household_store.h"
#include "services/account/store/mariadb_ledger_store.h"
#include "services/account/store/mariadb_lifecycle_store.h"
#include "services/account/store/mariadb_member_event_store.h"
#include "services/account/store/mariadb_partner_alert_store.h"
#include "services/account/store/mariadb_party_store.h"
#include "services/account/store/mariadb_tier_store.h"
#include "services/account/store/mariadb_transfer_store.h"
#include "services/account/pii_rekey.h"
#include "services/common/clock.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/mariadb/versioned_protos.h"
#include "services/common/pii_keyring.h"

namespace coalition::account {

class AccountService {
 public:
  static absl::StatusOr<std::unique_ptr<AccountService>> Create(const mariadb::DbConfig& db,
                                                                const Clock& clock,
                                                                const AccountOptions& options);

  std::vector<grpc::Service*> services() {
    return {&account_handler_, &ledger_handler_, &admin_handler_, &account_admin_handler_};
  }

  // The methods served on the asynchronous API (WatchMemberEvents), for Serve.
  AsyncServing* async_serving() { return &account_handler_; }

  // Ends the open WatchMemberEvents streams and refuses new ones: before the server shuts down.
  void StopStreams() { event_streams_.Stop(); }

 private:
  AccountService(std::unique_ptr<mariadb::ConnectionPool> pool, PiiKeyring keyring,
                 const Clock& clock, const AccountOptions& options);

  std::unique_ptr<mariadb::ConnectionPool> pool_;
  const PiiKeyring keyring_;
  MariaDbTierStore tier_store_;
  MariaDbBonusStore bonus_store_;
  MariaDbLedgerStore ledger_store_;
  MariaDbPartyStore party_store_;
  MariaDbTransferStore transfer_store_;
  MariaDbHouseholdStore household_store_;
  MariaDbLifecycleStore lifecycle_store_;
  MariaDbCorporateStore corporate_store_;
  MariaDbMemberEventStore member_event_store_;
  MariaDbPartnerAlertStore partner_alert_store_;
  Ledger ledger_;
  Bonuses bonuses_;
  mariadb::VersionedProtos<admin::v1::PartnerTerms> partner_terms_versions_;
  PartnerTermsBook partner_terms_;
  PointBlocks point_blocks_;
  Registry registry_;
  PointsExpiry expiry_;
  Tiers tiers_;
  PiiRekey pii_rekey_;
  Transfers transfers_;
  Households households_;
  MemberLifecycle lifecycle_;
  Corporates corporates_;
  MemberEvents member_events_;
  // Outlives the server (this object does): its streams and threads use what is above.
  MemberEventStreams event_streams_;
  AccountServiceHandler account_handler_;
  LedgerServiceHandler ledger_handler_;
  PartnerAdminHandler admin_handler_;
  AccountAdminHandler account_admin_handler_;
};

}  // namespace coalition::account
