// Partners' burn terms: publishing versions (the operator's) and finding the version in force
// (every quote and redemption's). Versions are stored once and cached (mariadb/versioned_protos.h).
//
//   BurnTermsBook book(versions, accounts, clock);  // versions: mariadb::VersionedProtos
//   ASSIGN_OR_RETURN(std::optional<v1::BurnTerms> terms, book.InForce("hotel", clock.Now()));
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/redemption/v1/redemption.pb.h"
#include "services/account/client/account_api.h"
#include "services/common/clock.h"
#include "services/common/versions.h"

namespace coalition::redemption {

class BurnTermsBook {
 public:
  BurnTermsBook(Versions<v1::BurnTerms>& versions, account::AccountApi& accounts,
                const Clock& clock)
      : versions_(versions), accounts_(accounts), clock_(clock) {}

  // A new version, from its effective_time (now if unset; never in the past).
  absl::StatusOr<v1::BurnTerms> Publish(absl::string_view caller,
                                        const v1::PublishBurnTermsRequest& request);
  absl::StatusOr<v1::ListBurnTermsResponse> List(const v1::ListBurnTermsRequest& request);
  // The partner's terms in force at `time`; none if it never published any (no limits apply).
  absl::StatusOr<std::optional<v1::BurnTerms>> InForce(const std::string& partner_id,
                                                       absl::Time time);

 private:
  Versions<v1::BurnTerms>& versions_;
  account::AccountApi& accounts_;
  const Clock& clock_;
};

}  // namespace coalition::redemption
