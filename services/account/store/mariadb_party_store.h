// PartyStore on MariaDB: members (mariadb_members.cc, mariadb_pii_rekey.cc) and partners
// (mariadb_party_store.cc), each inserted in one transaction with its ledger accounts.
#pragma once

#include <functional>
#include <string>

#include "absl/strings/string_view.h"
#include "services/account/party_store.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/pii_keyring.h"

namespace coalition::account {

// The member as stored, its personal data opened, read inside the caller's transaction;
// NOT_FOUND names `field`.
absl::StatusOr<v1::Member> ReadMemberIn(mariadb::Connection& db, const PiiKeyring& keyring,
                                        const std::string& member_id,
                                        absl::string_view field = "member_id");

// Appends to member_state_changes, which keeps every change of state with its reason and
// idempotency key.
void RecordStateChangeIn(mariadb::Connection& db, const RequestKey& key,
                         const std::string& member_id, v1::Member::State state,
                         const std::string& reason, absl::Time now);

// A change to a member, made once per idempotency key: unless `key` was used before in `table`
// (then the member that request changed, as it is now), runs `change` in a transaction that
// retries on a concurrent duplicate, and returns the member `change` returns.
absl::StatusOr<v1::Member> ChangeMemberOnce(
    mariadb::ConnectionPool& pool, const PiiKeyring& keyring, const std::string& table,
    const RequestKey& key,
    const std::function<absl::StatusOr<v1::Member>(mariadb::Connection&)>& change);

// FAILED_PRECONDITION if the member is closed or merged: nothing more can happen to it.
absl::Status RefuseIfEnded(const v1::Member& member, absl::string_view field = "member_id");

class MariaDbPartyStore final : public PartyStore {
 public:
  MariaDbPartyStore(mariadb::ConnectionPool& pool, const PiiKeyring& keyring)
      : pool_(pool), keyring_(keyring) {}

  absl::StatusOr<v1::Member> EnrollMember(const RequestKey& key, const v1::Member& member,
                                          const std::string& external_id) override;
  absl::StatusOr<v1::Member> GetMember(const std::string& member_id) override;
  absl::StatusOr<bool> MaySeePersonalData(const std::string& member_id,
                                          const std::string& partner_id) override;
  absl::StatusOr<v1::PersonalDataConsent> SetConsent(
      const RequestKey& key, const v1::PersonalDataConsent& consent) override;
  absl::StatusOr<bool> HasRelationship(const std::string& member_id,
                                       const std::string& partner_id) override;
  absl::StatusOr<std::string> FindMemberId(const std::string& card_number,
                                           const std::string& partner_id,
                                           const std::string& external_id) override;
  absl::StatusOr<v1::Member> SetMemberState(const RequestKey& key, const std::string& member_id,
                                            v1::Member::State state, const std::string& reason,
                                            absl::Time now) override;
  absl::StatusOr<v1::Member> EraseMember(const RequestKey& key, const std::string& member_id,
                                         const std::string& reason, absl::Time now) override;

  absl::StatusOr<v1::PiiRekeyRun> StartPiiRekey(const RequestKey& key, absl::Time now) override;
  absl::StatusOr<std::vector<std::string>> MembersToReseal(int limit) override;
  absl::Status ResealMember(const v1::PiiRekeyRun& run, const std::string& member_id) override;
  absl::StatusOr<v1::PiiRekeyRun> EndPiiRekeyStep(const v1::PiiRekeyRun& run,
                                                  bool complete) override;

  absl::StatusOr<admin::v1::Partner> CreatePartner(const RequestKey& key,
                                                   const admin::v1::Partner& partner) override;
  absl::StatusOr<admin::v1::Partner> GetPartner(const std::string& partner_id) override;
  absl::StatusOr<admin::v1::Partner> SetPartnerState(const RequestKey& key,
                                                     const std::string& partner_id,
                                                     admin::v1::Partner::State state,
                                                     const std::string& reason,
                                                     absl::Time now) override;
  absl::StatusOr<PartnerPage> ListPartners(std::optional<int64_t> cursor, int limit) override;

 private:
  mariadb::ConnectionPool& pool_;
  const PiiKeyring& keyring_;
};

}  // namespace coalition::account
