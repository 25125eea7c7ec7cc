#include "services/account/registry.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/ids.h"
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

  v1::Member member;
  member.set_member_id(NewId("mbr"));  // ignored by the store when the request is a retry
  member.set_display_name(request.display_name());
  member.set_email(request.email());
  member.set_enrolled_by_partner_id(request.partner_id());
  *member.mutable_enroll_time() = ToProtoTime(clock_.Now());
  return store_.EnrollMember(RequestKey::Of(caller, request), member);
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

absl::StatusOr<v1::Member> Registry::GetMember(const v1::GetMemberRequest& request) {
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  return store_.GetMember(request.member_id());
}

absl::StatusOr<admin::v1::Partner> Registry::CreatePartner(
    absl::string_view caller, const admin::v1::CreatePartnerRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidatePartner(request.partner()));
  admin::v1::Partner partner = request.partner();
  *partner.mutable_create_time() = ToProtoTime(clock_.Now());
  return store_.CreatePartner(RequestKey::Of(caller, request), partner);
}

absl::StatusOr<admin::v1::Partner> Registry::GetPartner(
    const admin::v1::GetPartnerRequest& request) {
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  return store_.GetPartner(request.partner_id());
}

absl::StatusOr<admin::v1::ListPartnersResponse> Registry::ListPartners(
    const admin::v1::ListPartnersRequest& request) {
  ASSIGN_OR_RETURN(int32_t page_size, PageSize(request.page_size(), 50, 500));
  ASSIGN_OR_RETURN(std::optional<int64_t> cursor, DecodePageToken(request.page_token()));
  ASSIGN_OR_RETURN(PartyStore::PartnerPage page, store_.ListPartners(cursor, page_size));
  admin::v1::ListPartnersResponse response;
  for (admin::v1::Partner& partner : page.partners) *response.add_partners() = std::move(partner);
  if (page.next_cursor) response.set_next_page_token(EncodePageToken(*page.next_cursor));
  return response;
}

}  // namespace coalition::account
