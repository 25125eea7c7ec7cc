// The registry's logic: enrolling members and onboarding partners, with their validation.
//
//   Registry registry(store, clock);
//   absl::StatusOr<v1::Member> member = registry.EnrollMember("car-rental", request);
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/account/v1/account.pb.h"
#include "coalition/admin/v1/admin.pb.h"
#include "services/account/bonuses.h"
#include "services/account/partner_terms.h"
#include "services/account/party_store.h"
#include "services/common/clock.h"
#include "services/common/limits.h"

namespace coalition::account {

class Registry {
 public:
  Registry(PartyStore& store, Bonuses& bonuses, PartnerTermsBook& terms, const Clock& clock)
      : store_(store), bonuses_(bonuses), terms_(terms), clock_(clock) {}

  absl::StatusOr<v1::Member> EnrollMember(absl::string_view caller,
                                          const v1::EnrollMemberRequest& request);
  // With `scope` (the gateway's member scope), a member unrelated to that partner is
  // PERMISSION_DENIED, except when found by the card it presented: then only its id, state and
  // card are answered, so a partner can record a new member's first purchase. A related member
  // is answered without her name, email and phone unless she enrolled at that partner or
  // consented to it.
  absl::StatusOr<v1::Member> GetMember(const v1::GetMemberRequest& request,
                                       const std::optional<std::string>& scope = std::nullopt);
  // Records the member's consent to a partner seeing her personal data (or its withdrawal). A
  // partner may not record its own; an app's backend limited to one partner's members
  // (`scope`) only consent to that partner, for a member in its scope.
  absl::StatusOr<v1::PersonalDataConsent> SetPersonalDataConsent(
      absl::string_view caller, const v1::SetPersonalDataConsentRequest& request,
      const std::optional<std::string>& scope);
  // PERMISSION_DENIED if `scope` names a partner the member has no relationship with (enrolled
  // there, or earned or spent there); OK without a scope.
  absl::Status CheckInScope(const std::string& member_id, const std::optional<std::string>& scope);
  // The member a read names by exactly one of member_id, card_number, or partner_id with
  // external_id (GetMemberRequest, GetMemberSummaryRequest). By member id it costs nothing.
  template <typename Request>
  absl::StatusOr<std::string> MemberIdOf(const Request& request) {
    return ResolveMemberId(request.member_id(), request.card_number(), request.partner_id(),
                           request.external_id());
  }
  absl::StatusOr<v1::Member> EraseMember(absl::string_view caller,
                                         const v1::EraseMemberRequest& request);
  absl::StatusOr<v1::Member> SetMemberState(absl::string_view caller,
                                            const v1::SetMemberStateRequest& request);

  absl::StatusOr<admin::v1::Partner> CreatePartner(absl::string_view caller,
                                                   const admin::v1::CreatePartnerRequest& request);
  absl::StatusOr<admin::v1::Partner> GetPartner(const admin::v1::GetPartnerRequest& request);
  absl::StatusOr<admin::v1::Partner> SetPartnerState(
      absl::string_view caller, const admin::v1::SetPartnerStateRequest& request);
  absl::StatusOr<admin::v1::ListPartnersResponse> ListPartners(
      const admin::v1::ListPartnersRequest& request);

 private:
  absl::StatusOr<std::string> ResolveMemberId(const std::string& member_id,
                                              const std::string& card_number,
                                              const std::string& partner_id,
                                              const std::string& external_id);

  PartyStore& store_;
  Bonuses& bonuses_;
  PartnerTermsBook& terms_;  // partners are answered with the prices in force now
  const Clock& clock_;
};

// INVALID_ARGUMENT naming the field when a partner's terms are not usable.
absl::Status ValidatePartner(const admin::v1::Partner& partner);

}  // namespace coalition::account
