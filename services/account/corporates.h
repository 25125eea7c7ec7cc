// Corporate accounts: companies that earn their own points on their linked employees' business
// purchases (the earning service posts them; see docs/earning.md). Opening one, reading it, and
// linking members to it.
//
//   Corporates corporates(store, clock);
//   absl::StatusOr<v1::CorporateAccount> company = corporates.Create("operator", request);
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/account/v1/account.pb.h"
#include "services/common/clock.h"
#include "services/common/request_key.h"

namespace coalition::account {

class CorporateStore {
 public:
  virtual ~CorporateStore() = default;
  // Inserts the company with its CORPORATE account; a repeated key returns it.
  virtual absl::StatusOr<v1::CorporateAccount> Create(const RequestKey& key,
                                                      const v1::CorporateAccount& company) = 0;
  virtual absl::StatusOr<v1::CorporateAccount> Get(const std::string& corporate_id) = 0;
  // Links (or, with an empty corporate_id, unlinks) the member; a repeated key returns the
  // member as it is. NOT_FOUND for an unknown member or company; FAILED_PRECONDITION for a
  // closed or merged member.
  virtual absl::StatusOr<v1::Member> Link(const RequestKey& key, const std::string& member_id,
                                          const std::string& corporate_id, absl::Time now) = 0;
};

class Corporates {
 public:
  Corporates(CorporateStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  absl::StatusOr<v1::CorporateAccount> Create(absl::string_view caller,
                                              const v1::CreateCorporateAccountRequest& request);
  absl::StatusOr<v1::CorporateAccount> Get(const v1::GetCorporateAccountRequest& request);
  absl::StatusOr<v1::Member> Link(absl::string_view caller,
                                  const v1::LinkMemberToCorporateRequest& request);

 private:
  CorporateStore& store_;
  const Clock& clock_;
};

}  // namespace coalition::account
