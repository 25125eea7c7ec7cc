// Partners' commercial terms over time: the operator publishes versions, effective from a time
// (now or later), and every reader asks for the version in force at a given moment. Version 0 is
// the rates a partner was onboarded with (its `partners` row), in force until version 1.
//
//   PartnerTermsBook book(versions, store, clock);  // versions: mariadb::VersionedProtos
//   ASSIGN_OR_RETURN(admin::v1::PartnerTerms terms, book.InForce(partner, posting_time));
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/admin/v1/admin.pb.h"
#include "services/account/party_store.h"
#include "services/common/clock.h"
#include "services/common/versions.h"

namespace coalition::account {

inline constexpr int32_t kMaxBasisPoints = 10'000;

class PartnerTermsBook {
 public:
  PartnerTermsBook(Versions<admin::v1::PartnerTerms>& versions, PartyStore& store,
                   const Clock& clock)
      : versions_(versions), store_(store), clock_(clock) {}

  absl::StatusOr<admin::v1::PartnerTerms> Publish(
      absl::string_view caller, const admin::v1::PublishPartnerTermsRequest& request);
  // Newest first, ending with version 0.
  absl::StatusOr<admin::v1::ListPartnerTermsResponse> List(
      const admin::v1::ListPartnerTermsRequest& request);
  // The terms of `partner` in force at `time`.
  absl::StatusOr<admin::v1::PartnerTerms> InForce(const admin::v1::Partner& partner,
                                                  absl::Time time);
  // The partner with the prices of the terms in force now, and their version.
  absl::StatusOr<admin::v1::Partner> WithCurrentTerms(admin::v1::Partner partner);

 private:
  Versions<admin::v1::PartnerTerms>& versions_;
  PartyStore& store_;
  const Clock& clock_;
};

// Version 0: the rates in the partner's onboarding record.
admin::v1::PartnerTerms OnboardingTerms(const admin::v1::Partner& partner);

// INVALID_ARGUMENT naming the field when a version's terms are not usable.
absl::Status ValidatePartnerTerms(const admin::v1::PartnerTerms& terms);

}  // namespace coalition::account
