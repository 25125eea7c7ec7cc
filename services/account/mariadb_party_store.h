// PartyStore on MariaDB: members and partners, each inserted in one transaction with its ledger
// accounts.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "services/account/party_store.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::account {

// The member as stored, read inside the caller's transaction; NOT_FOUND names `field`.
absl::StatusOr<v1::Member> ReadMemberIn(mariadb::Connection& db, const std::string& member_id,
                                        absl::string_view field = "member_id");

// Appends to member_state_changes, which keeps every change of state with its reason and
// idempotency key.
void RecordStateChangeIn(mariadb::Connection& db, const RequestKey& key,
                         const std::string& member_id, v1::Member::State state,
                         const std::string& reason, absl::Time now);

// FAILED_PRECONDITION if the member is closed or merged: nothing more can happen to it.
absl::Status RefuseIfEnded(const v1::Member& member, absl::string_view field = "member_id");

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
