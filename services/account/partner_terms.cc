#include "services/account/partner_terms.h"

#include "absl/strings/str_cat.h"
#include "services/account/registry.h"
#include "services/common/limits.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/common/version_in_force.h"

namespace coalition::account {

admin::v1::PartnerTerms OnboardingTerms(const admin::v1::Partner& partner) {
  admin::v1::PartnerTerms terms;
  terms.set_partner_id(partner.partner_id());
  terms.set_version(0);
  *terms.mutable_effective_time() = partner.create_time();
  *terms.mutable_issuance_price() = partner.issuance_price();
  *terms.mutable_reimbursement_price() = partner.reimbursement_price();
  *terms.mutable_create_time() = partner.create_time();
  return terms;
}

absl::Status ValidatePartnerTerms(const admin::v1::PartnerTerms& terms) {
  RETURN_IF_ERROR(ValidateId("terms.partner_id", terms.partner_id()));
  RETURN_IF_ERROR(ValidatePositive("terms.issuance_price.amount_minor",
                                   terms.issuance_price().amount_minor(), kMaxRateTerm));
  RETURN_IF_ERROR(ValidatePositive("terms.issuance_price.per_points",
                                   terms.issuance_price().per_points(), kMaxRateTerm));
  RETURN_IF_ERROR(ValidatePositive("terms.reimbursement_price.amount_minor",
                                   terms.reimbursement_price().amount_minor(), kMaxRateTerm));
  RETURN_IF_ERROR(ValidatePositive("terms.reimbursement_price.per_points",
                                   terms.reimbursement_price().per_points(), kMaxRateTerm));
  int64_t previous_from = 0;
  for (int i = 0; i < terms.issuance_tiers_size(); ++i) {
    const admin::v1::IssuanceTier& tier = terms.issuance_tiers(i);
    const std::string field = absl::StrCat("terms.issuance_tiers[", i, "]");
    if (tier.from_points() <= previous_from) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".from_points: must be above ",
                                                     previous_from, " (tiers ascend), got ",
                                                     tier.from_points()));
    }
    previous_from = tier.from_points();
    RETURN_IF_ERROR(ValidatePositive(absl::StrCat(field, ".price.amount_minor"),
                                     tier.price().amount_minor(), kMaxRateTerm));
    RETURN_IF_ERROR(ValidatePositive(absl::StrCat(field, ".price.per_points"),
                                     tier.price().per_points(), kMaxRateTerm));
  }
  if (terms.breakage_share_bp() < 0 || terms.breakage_share_bp() > kMaxBasisPoints) {
    return absl::InvalidArgumentError(absl::StrCat(
        "terms.breakage_share_bp: must be 0 to 10000, got ", terms.breakage_share_bp()));
  }
  return absl::OkStatus();
}

absl::StatusOr<admin::v1::PartnerTerms> PartnerTermsBook::Publish(
    absl::string_view caller, const admin::v1::PublishPartnerTermsRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidatePartnerTerms(request.terms()));
  admin::v1::PartnerTerms terms = request.terms();
  RETURN_IF_ERROR(PrepareNewVersion(terms, clock_.Now(), "terms"));
  RETURN_IF_ERROR(store_.GetPartner(terms.partner_id()).status());
  return versions_.Publish(RequestKey::Of(caller, request), terms);
}

absl::StatusOr<admin::v1::ListPartnerTermsResponse> PartnerTermsBook::List(
    const admin::v1::ListPartnerTermsRequest& request) {
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  ASSIGN_OR_RETURN(const admin::v1::Partner partner, store_.GetPartner(request.partner_id()));
  admin::v1::ListPartnerTermsResponse response;
  // Taken before the versions are read: any version published after this starts after it.
  *response.mutable_as_of() = ToProtoTime(clock_.Now());
  ASSIGN_OR_RETURN(std::vector<admin::v1::PartnerTerms> versions,
                   versions_.List(request.partner_id()));
  for (admin::v1::PartnerTerms& version : versions) *response.add_versions() = std::move(version);
  *response.add_versions() = OnboardingTerms(partner);
  return response;
}

absl::StatusOr<admin::v1::PartnerTerms> PartnerTermsBook::InForce(const admin::v1::Partner& partner,
                                                                  absl::Time time) {
  ASSIGN_OR_RETURN(auto versions, versions_.Cached(partner.partner_id()));
  std::optional<admin::v1::PartnerTerms> in_force = VersionInForce(*versions, time);
  return in_force ? *std::move(in_force) : OnboardingTerms(partner);
}

absl::StatusOr<admin::v1::Partner> PartnerTermsBook::WithCurrentTerms(admin::v1::Partner partner) {
  ASSIGN_OR_RETURN(const admin::v1::PartnerTerms terms, InForce(partner, clock_.Now()));
  *partner.mutable_issuance_price() = terms.issuance_price();
  *partner.mutable_reimbursement_price() = terms.reimbursement_price();
  partner.set_terms_version(terms.version());
  partner.set_breakage_share_bp(terms.breakage_share_bp());
  return partner;
}

}  // namespace coalition::account
