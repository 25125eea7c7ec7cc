// Storage of the coalition's parties: members and partners, each opened together with its ledger
// accounts.
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

  // Inserts the member and its MEMBER account. A repeated RequestKey returns the member it made
  // (ALREADY_EXISTS if the fingerprint differs). NOT_FOUND if enrolled_by_partner_id is unknown.
  virtual absl::StatusOr<v1::Member> EnrollMember(const RequestKey& key,
                                                  const v1::Member& member) = 0;
  virtual absl::StatusOr<v1::Member> GetMember(const std::string& member_id) = 0;
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

  struct PartnerPage {
    std::vector<admin::v1::Partner> partners;
    std::optional<int64_t> next_cursor;
  };
  // Partners in creation order after `cursor`.
  virtual absl::StatusOr<PartnerPage> ListPartners(std::optional<int64_t> cursor, int limit) = 0;
};

}  // namespace coalition::account
