// The operator's management of partners' earn rules: publishing a new version (validated, never
// in the past, so no purchase already made changes its points) and listing them.
//
//   EarnRulesAdmin admin(store, accounts, clock);
//   absl::StatusOr<v1::EarnRules> published = admin.Publish("operator", request);
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/earning/v1/earning.pb.h"
#include "services/account/client/account_api.h"
#include "services/common/clock.h"
#include "services/earning/rule_store.h"

namespace coalition::earning {

class EarnRulesAdmin {
 public:
  EarnRulesAdmin(RuleStore& store, account::AccountApi& accounts, const Clock& clock)
      : store_(store), accounts_(accounts), clock_(clock) {}

  absl::StatusOr<v1::EarnRules> Publish(absl::string_view caller,
                                        const v1::PublishEarnRulesRequest& request);
  absl::StatusOr<v1::ListEarnRulesResponse> List(const v1::ListEarnRulesRequest& request);

 private:
  RuleStore& store_;
  account::AccountApi& accounts_;
  const Clock& clock_;
};

}  // namespace coalition::earning
