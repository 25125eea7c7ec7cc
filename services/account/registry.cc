#include "services/account/registry.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/caller.h"
#include "services/common/card_number.h"
#include "services/common/ids.h"
#include "services/common/limits.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {
absl::Status ValidatePartner(const admin::v1::Partner& partner) {
  RETURN_IF_ERROR(ValidatePartnerSlug("partner.partner_id", partner.partner_id()));
  RETURN_IF_ERROR(ValidateText("partner.display_name", partner.display_name(), 200, true));
  RETURN_IF_ERROR(ValidateCurrency("partner.currency", partner.currency()));
  RETURN_IF_ERROR(
      ValidatePositive("partner.earn_rate.points", partner.earn_rate().points(), kMaxRateTerm));
  RETURN_IF_ERROR(ValidatePositive("partner.earn_rate.per_amount_minor",
                                   partner.earn_rate().per_amount_minor(), kMaxRateTerm));
  RETURN_IF_ERROR(ValidatePositive("partner.issuance_price.amount_minor",
                                   partner.issuance_price().amount_minor(), kMaxRateTerm));
  RETURN_IF_ERROR(ValidatePositive("partner.issuance_price.per_points",
                                   partner.issuance_price().per_points(), kMaxRateTerm));
  RETURN_IF_ERROR(ValidatePositive("partner.reimbursement_price.amount_minor",
                                   partner.reimbursement_price().amount_minor(), kMaxRateTerm));
  RETURN_IF_ERROR(ValidatePositive("partner.reimbursement_price.per_points",
                                   partner.reimbursement_price().per_points(), kMaxRateTerm));
  if (partner.low_water_points() < 0 || (!partner.prepaid() && partner.low_water_points() != 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "partner.low_water_points: must be 0 or more, and only for a pre-paid partner, got ",
        partner.low_water_points()));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Member> Registry::EnrollMember(absl::string_view caller,
                                                  const v1::EnrollMemberRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateText("display_name", request.display_name(), 200, /*required=*/true));
  RETURN_IF_ERROR(ValidateText("email", request.email(), 254, /*required=*/false));
  if (!request.email().empty() && !absl::StrContains(request.email(), "@")) {
    return absl::InvalidArgumentError("email: must be an address like name@example.com");
  }
  if (!request.partner_id().empty())
    RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  RETURN_IF_ERROR(ValidatePhone("phone", request.phone()));
  if (!request.card_number().empty() && !IsValidCardNumber(request.card_number())) {
    return absl::InvalidArgumentError(
        "card_number: must be 8 to 19 digits ending in a valid Luhn check digit");
  }
  RETURN_IF_ERROR(ValidateText("external_id", request.external_id(), 128, /*required=*/false));
  if (!request.external_id().empty() && request.partner_id().empty()) {
    return absl::InvalidArgumentError("external_id: needs partner_id, the partner whose id it is");
  }
  if (!request.referred_by_member_id().empty()) {
    RETURN_IF_ERROR(ValidateId("referred_by_member_id", request.referred_by_member_id()));
  }

  // Ids and card number are ignored by the store when the request is a retry.
  v1::Member member;
  member.set_member_id(NewId("mbr"));
  member.set_display_name(request.display_name());
  member.set_email(request.email());
  member.set_phone(request.phone());
  member.set_card_number(request.card_number().empty() ? NewCardNumber() : request.card_number());
  member.set_enrolled_by_partner_id(request.partner_id());
  member.set_referred_by_member_id(request.referred_by_member_id());
  *member.mutable_enroll_time() = ToProtoTime(clock_.Now());
  ASSIGN_OR_RETURN(v1::Member enrolled, store_.EnrollMember(RequestKey::Of(caller, request), member,
                                                            request.external_id()));
  // After the enrollment commits; a retry of the enrollment grants it if this did not get to.
  RETURN_IF_ERROR(bonuses_.GrantEnrollmentBonus(enrolled.member_id()));
  return enrolled;
}

absl::StatusOr<v1::Member> Registry::SetMemberState(absl::string_view caller,
                                                    const v1::SetMemberStateRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  if (request.state() != v1::Member::ACTIVE && request.state() != v1::Member::SUSPENDED) {
    return absl::InvalidArgumentError("state: must be ACTIVE or SUSPENDED");
  }
  RETURN_IF_ERROR(ValidateText("reason", request.reason(), 500, /*required=*/true));
  return store_.SetMemberState(RequestKey::Of(caller, request), request.member_id(),
                               request.state(), request.reason(), clock_.Now());
}

absl::StatusOr<v1::Member> Registry::GetMember(const v1::GetMemberRequest& request,
                                               const std::optional<std::string>& scope) {
  ASSIGN_OR_RETURN(const std::string member_id, MemberIdOf(request));
  const absl::Status in_scope = CheckInScope(member_id, scope);
  if (!in_scope.ok() &&
      (request.card_number().empty() || in_scope.code() != absl::StatusCode::kPermissionDenied)) {
    return in_scope;
  }
  ASSIGN_OR_RETURN(v1::Member member, store_.GetMember(member_id));
  if (in_scope.ok()) {
    if (!scope) return member;
    ASSIGN_OR_RETURN(const bool may_see, store_.MaySeePersonalData(member_id, *scope));
    if (may_see) return member;
    member.clear_display_name();
    member.clear_email();
    member.clear_phone();
    return member;
  }
  v1::Member presented;  // the card was shown, the profile was not
  presented.set_member_id(member.member_id());
  presented.set_state(member.state());
  presented.set_card_number(member.card_number());
  return presented;
}

absl::StatusOr<v1::PersonalDataConsent> Registry::SetPersonalDataConsent(
    absl::string_view caller, const v1::SetPersonalDataConsentRequest& request,
    const std::optional<std::string>& scope) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  if (PartnerOfCaller(caller)) {
    return absl::PermissionDeniedError(
        "partner_id: a partner cannot record a member's consent to itself; the member gives it "
        "in her app or to the service desk");
  }
  if (scope && *scope != request.partner_id()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "partner_id: '", caller, "' records consent to partner '", *scope, "' only"));
  }
  RETURN_IF_ERROR(CheckInScope(request.member_id(), scope));
  v1::PersonalDataConsent consent;
  consent.set_member_id(request.member_id());
  consent.set_partner_id(request.partner_id());
  consent.set_granted(request.granted());
  *consent.mutable_change_time() = ToProtoTime(clock_.Now());
  return store_.SetConsent(RequestKey::Of(caller, request), consent);
}

absl::Status Registry::CheckInScope(const std::string& member_id,
                                    const std::optional<std::string>& scope) {
  if (!scope) return absl::OkStatus();
  ASSIGN_OR_RETURN(const bool related, store_.HasRelationship(member_id, *scope));
  if (related) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("member_id: member '", member_id,
                                                  "' has no relationship with partner '", *scope,
                                                  "' (enrolled, earned or spent there)"));
}

absl::StatusOr<std::string> Registry::ResolveMemberId(const std::string& member_id,
                                                      const std::string& card_number,
                                                      const std::string& partner_id,
                                                      const std::string& external_id) {
  const int named_by = !member_id.empty() + !card_number.empty() + !external_id.empty();
  if (named_by != 1 || external_id.empty() != partner_id.empty()) {
    return absl::InvalidArgumentError(
        "member_id: name the member by exactly one of member_id, card_number, or partner_id "
        "with external_id");
  }
  if (!member_id.empty()) {
    RETURN_IF_ERROR(ValidateId("member_id", member_id));
    return member_id;
  }
  if (!card_number.empty() && !IsValidCardNumber(card_number)) {
    return absl::InvalidArgumentError(
        "card_number: must be 8 to 19 digits ending in a valid Luhn check digit");
  }
  if (!external_id.empty()) {
    RETURN_IF_ERROR(ValidateId("partner_id", partner_id));
    RETURN_IF_ERROR(ValidateText("external_id", external_id, 128, /*required=*/true));
  }
  return store_.FindMemberId(card_number, partner_id, external_id);
}

absl::StatusOr<v1::Member> Registry::EraseMember(absl::string_view caller,
                                                 const v1::EraseMemberRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  RETURN_IF_ERROR(ValidateText("reason", request.reason(), 500, /*required=*/true));
  return store_.EraseMember(RequestKey::Of(caller, request), request.member_id(), request.reason(),
                            clock_.Now());
}

absl::StatusOr<admin::v1::Partner> Registry::CreatePartner(
    absl::string_view caller, const admin::v1::CreatePartnerRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidatePartner(request.partner()));
  admin::v1::Partner partner = request.partner();
  *partner.mutable_create_time() = ToProtoTime(clock_.Now());
  partner.set_state(admin::v1::Partner::ACTIVE);
  ASSIGN_OR_RETURN(admin::v1::Partner created,
                   store_.CreatePartner(RequestKey::Of(caller, request), partner));
  return terms_.WithCurrentTerms(std::move(created));
}

absl::StatusOr<admin::v1::Partner> Registry::GetPartner(
    const admin::v1::GetPartnerRequest& request) {
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  ASSIGN_OR_RETURN(admin::v1::Partner partner, store_.GetPartner(request.partner_id()));
  return terms_.WithCurrentTerms(std::move(partner));
}

absl::StatusOr<admin::v1::Partner> Registry::SetPartnerState(
    absl::string_view caller, const admin::v1::SetPartnerStateRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  if (request.state() != admin::v1::Partner::ACTIVE &&
      request.state() != admin::v1::Partner::SUSPENDED) {
    return absl::InvalidArgumentError("state: must be ACTIVE or SUSPENDED");
  }
  RETURN_IF_ERROR(ValidateText("reason", request.reason(), 500, /*required=*/true));
  ASSIGN_OR_RETURN(admin::v1::Partner partner,
                   store_.SetPartnerState(RequestKey::Of(caller, request), request.partner_id(),
                                          request.state(), request.reason(), clock_.Now()));
  return terms_.WithCurrentTerms(std::move(partner));
}

absl::StatusOr<admin::v1::ListPartnersResponse> Registry::ListPartners(
    const admin::v1::ListPartnersRequest& request) {
  ASSIGN_OR_RETURN(int32_t page_size, PageSize(request.page_size(), kDefaultPageSize, kMaxPageSize));
  ASSIGN_OR_RETURN(std::optional<int64_t> cursor, DecodePageToken(request.page_token(), request));
  ASSIGN_OR_RETURN(PartyStore::PartnerPage page, store_.ListPartners(cursor, page_size));
  admin::v1::ListPartnersResponse response;
  for (admin::v1::Partner& partner : page.partners) {
    ASSIGN_OR_RETURN(*response.add_partners(), terms_.WithCurrentTerms(std::move(partner)));
  }
  if (page.next_cursor) response.set_next_page_token(EncodePageToken(*page.next_cursor, request));
  return response;
}

}  // namespace coalition::account
