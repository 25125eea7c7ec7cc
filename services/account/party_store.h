// Storage of the coalition's parties: members and partners, each opened together with its ledger
// accounts. Members' personal data is sealed at rest (member_pii.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "coalition/admin/v1/admin.pb.h"
#include "services/common/request_key.h"

namespace coalition::account {

class PartyStore {
 public:
  virtual ~PartyStore() = default;

  // Inserts the member and its MEMBER account, and `external_id` as the enrolling partner's id
  // for it if not empty. A repeated RequestKey returns the member it made (ALREADY_EXISTS if the
  // fingerprint differs). NOT_FOUND if enrolled_by_partner_id is unknown; ALREADY_EXISTS if the
  // card number or the external id belongs to another member.
  virtual absl::StatusOr<v1::Member> EnrollMember(const RequestKey& key, const v1::Member& member,
                                                  const std::string& external_id) = 0;
  virtual absl::StatusOr<v1::Member> GetMember(const std::string& member_id) = 0;
  // Whether the partner enrolled the member, or the member earned or spent points there (a hold
  // voided or expired spent nothing).
  virtual absl::StatusOr<bool> HasRelationship(const std::string& member_id,
                                               const std::string& partner_id) = 0;
  // Whether the partner may see the member's name, email and phone: it enrolled her, or her
  // latest word on it (SetConsent) is a consent.
  virtual absl::StatusOr<bool> MaySeePersonalData(const std::string& member_id,
                                                  const std::string& partner_id) = 0;
  // Records a consent or its withdrawal; a repeated RequestKey returns what it recorded
  // (ALREADY_EXISTS if the fingerprint differs). NOT_FOUND for an unknown member or partner.
  virtual absl::StatusOr<v1::PersonalDataConsent> SetConsent(
      const RequestKey& key, const v1::PersonalDataConsent& consent) = 0;
  // The id of the member with this card number, or this partner's external id (one of the two
  // is set); NOT_FOUND naming the field.
  virtual absl::StatusOr<std::string> FindMemberId(const std::string& card_number,
                                                   const std::string& partner_id,
                                                   const std::string& external_id) = 0;
  // Removes a closed or merged member's personal data, card number and external ids. A repeated
  // RequestKey returns the member as it is; FAILED_PRECONDITION for a member not closed or
  // merged.
  virtual absl::StatusOr<v1::Member> EraseMember(const RequestKey& key,
                                                 const std::string& member_id,
                                                 const std::string& reason, absl::Time now) = 0;

  // Re-sealing personal data under the ring's current key (mariadb_pii_rekey.cc): a run keyed by
  // `key` (its as-of time fixed when first seen), the members still sealed under another key (or
  // stored in plaintext from before sealing), and one member re-sealed per transaction.
  virtual absl::StatusOr<v1::PiiRekeyRun> StartPiiRekey(const RequestKey& key, absl::Time now) = 0;
  virtual absl::StatusOr<std::vector<std::string>> MembersToReseal(int limit) = 0;
  virtual absl::Status ResealMember(const v1::PiiRekeyRun& run, const std::string& member_id) = 0;
  virtual absl::StatusOr<v1::PiiRekeyRun> EndPiiRekeyStep(const v1::PiiRekeyRun& run,
                                                          bool complete) = 0;
  // Freezes (SUSPENDED) or unfreezes (ACTIVE) the member's account and records why. A repeated
  // RequestKey returns the member; FAILED_PRECONDITION if it is in `state` already.
  virtual absl::StatusOr<v1::Member> SetMemberState(const RequestKey& key,
                                                    const std::string& member_id,
                                                    v1::Member::State state,
                                                    const std::string& reason, absl::Time now) = 0;

  // Inserts the partner and its PARTNER_ISSUED and PARTNER_REDEEMED accounts. A repeated
  // RequestKey returns the partner; a partner_id already taken by another request is
  // ALREADY_EXISTS.
  virtual absl::StatusOr<admin::v1::Partner> CreatePartner(const RequestKey& key,
                                                           const admin::v1::Partner& partner) = 0;
  virtual absl::StatusOr<admin::v1::Partner> GetPartner(const std::string& partner_id) = 0;
  // Suspends or reactivates the partner and records why. A repeated RequestKey returns the
  // partner; FAILED_PRECONDITION if it is in `state` already.
  virtual absl::StatusOr<admin::v1::Partner> SetPartnerState(const RequestKey& key,
                                                             const std::string& partner_id,
                                                             admin::v1::Partner::State state,
                                                             const std::string& reason,
                                                             absl::Time now) = 0;

  struct PartnerPage {
    std::vector<admin::v1::Partner> partners;
    std::optional<int64_t> next_cursor;
  };
  // Partners in creation order after `cursor`.
  virtual absl::StatusOr<PartnerPage> ListPartners(std::optional<int64_t> cursor, int limit) = 0;

};

}  // namespace coalition::account
