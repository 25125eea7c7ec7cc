#include "services/redemption/burn_terms_book.h"

#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/common/version_in_force.h"
#include "services/redemption/burn_terms.h"

namespace coalition::redemption {

absl::StatusOr<v1::BurnTerms> BurnTermsBook::Publish(absl::string_view caller,
                                                     const v1::PublishBurnTermsRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateBurnTerms(request.terms()));
  v1::BurnTerms terms = request.terms();
  RETURN_IF_ERROR(PrepareNewVersion(terms, clock_.Now(), "terms"));
  RETURN_IF_ERROR(accounts_.GetPartner(terms.partner_id()).status());
  return versions_.Publish(RequestKey::Of(caller, request), terms);
}

absl::StatusOr<v1::ListBurnTermsResponse> BurnTermsBook::List(
    const v1::ListBurnTermsRequest& request) {
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  ASSIGN_OR_RETURN(std::vector<v1::BurnTerms> versions, versions_.List(request.partner_id()));
  v1::ListBurnTermsResponse response;
  for (v1::BurnTerms& version : versions) *response.add_versions() = std::move(version);
  return response;
}

absl::StatusOr<std::optional<v1::BurnTerms>> BurnTermsBook::InForce(const std::string& partner_id,
                                                                    absl::Time time) {
  ASSIGN_OR_RETURN(auto versions, versions_.Cached(partner_id));
  return TermsInForce(*versions, time);
}

}  // namespace coalition::redemption
