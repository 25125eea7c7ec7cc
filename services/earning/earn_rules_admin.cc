#include "services/earning/earn_rules_admin.h"

#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/common/version_in_force.h"
#include "services/earning/earn_rules.h"

namespace coalition::earning {

absl::StatusOr<v1::EarnRules> EarnRulesAdmin::Publish(absl::string_view caller,
                                                      const v1::PublishEarnRulesRequest& request) {
  RETURN_IF_ERROR(ValidateRequestId("request_id", request.request_id()));
  RETURN_IF_ERROR(ValidateEarnRules(request.rules()));
  v1::EarnRules rules = request.rules();
  RETURN_IF_ERROR(PrepareNewVersion(rules, clock_.Now(), "rules"));
  RETURN_IF_ERROR(accounts_.GetPartner(rules.partner_id()).status());
  // Co-funders are billed for their shares: they must be partners already.
  for (int i = 0; i < rules.promotions_size(); ++i) {
    for (int j = 0; j < rules.promotions(i).cost_shares_size(); ++j) {
      const std::string& co_funder = rules.promotions(i).cost_shares(j).partner_id();
      const absl::Status found = accounts_.GetPartner(co_funder).status();
      if (absl::IsNotFound(found)) {
        return absl::NotFoundError(absl::StrCat("rules.promotions[", i, "].cost_shares[", j,
                                                "].partner_id: no partner '", co_funder, "'"));
      }
      RETURN_IF_ERROR(found);
    }
  }
  // The key covers what the operator sent, not the time it was stamped with.
  return store_.Publish(RequestKey::Of(caller, request), rules);
}

absl::StatusOr<v1::ListEarnRulesResponse> EarnRulesAdmin::List(
    const v1::ListEarnRulesRequest& request) {
  RETURN_IF_ERROR(ValidateId("partner_id", request.partner_id()));
  ASSIGN_OR_RETURN(std::vector<v1::EarnRules> versions, store_.List(request.partner_id()));
  v1::ListEarnRulesResponse response;
  for (v1::EarnRules& version : versions) *response.add_versions() = std::move(version);
  return response;
}

}  // namespace coalition::earning
