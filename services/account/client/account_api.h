// What the other services need from the account service, as an interface so their logic can be
// tested with a fake. The gRPC implementation is GrpcAccountApi.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "coalition/account/v1/account.pb.h"
#include "coalition/admin/v1/admin.pb.h"

namespace coalition::account {

class AccountApi {
 public:
  virtual ~AccountApi() = default;
  virtual absl::StatusOr<v1::Posting> CreatePosting(const v1::CreatePostingRequest& request) = 0;
  // Many postings in one call (LedgerService.CreatePostings): each its own answer, in order.
  virtual absl::StatusOr<v1::CreatePostingsResponse> CreatePostings(
      const v1::CreatePostingsRequest& request) = 0;
  virtual absl::StatusOr<v1::ListPostingsResponse> ListPostings(int64_t after_sequence,
                                                                int32_t page_size) = 0;
  virtual absl::StatusOr<admin::v1::Partner> GetPartner(const std::string& partner_id) = 0;
  // The partner's versions of its commercial terms, newest first, down to version 0.
  virtual absl::StatusOr<admin::v1::ListPartnerTermsResponse> ListPartnerTerms(
      const std::string& partner_id) = 0;
  virtual absl::StatusOr<v1::Member> GetMember(const std::string& member_id) = 0;
  // NOT_FOUND for an unknown member, so it also says the member exists.
  virtual absl::StatusOr<v1::MemberTier> GetMemberTier(const std::string& member_id) = 0;
  // With `member_scope` (a partner's, passed on from the gateway), PERMISSION_DENIED for a member
  // unrelated to that partner, as the account service answers the partner itself.
  virtual absl::StatusOr<v1::Balance> GetBalance(
      const std::string& member_id, const std::optional<std::string>& member_scope) = 0;
};

}  // namespace coalition::account
