// PartyStore on MariaDB: members and partners, each inserted in one transaction with its ledger
// accounts.
#pragma once

#include "services/account/party_store.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account {

class MariaDbPartyStore final : public PartyStore {
 public:
  explicit MariaDbPartyStore(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Member> EnrollMember(const RequestKey& key, const v1::Member& member) override;
  absl::StatusOr<v1::Member> GetMember(const std::string& member_id) override;
  absl::StatusOr<v1::Member> SetMemberState(const RequestKey& key, const std::string& member_id,
                                            v1::Member::State state, const std::string& reason,
                                            absl::Time now) override;
  absl::StatusOr<admin::v1::Partner> CreatePartner(const RequestKey& key,
                                                   const admin::v1::Partner& partner) override;
  absl::StatusOr<admin::v1::Partner> GetPartner(const std::string& partner_id) override;
  absl::StatusOr<PartnerPage> ListPartners(std::optional<int64_t> cursor, int limit) override;

 private:
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::account
