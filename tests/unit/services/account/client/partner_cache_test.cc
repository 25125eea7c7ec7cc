#include "services/account/client/partner_cache.h"

#include "gtest/gtest.h"

namespace coalition::account {
namespace {

// Knows one partner once `created` is set; counts the lookups that reach it.
class CountingAccounts final : public AccountApi {
 public:
  absl::StatusOr<v1::Posting> CreatePosting(const v1::CreatePostingRequest&) override {
    return absl::UnimplementedError("not used");
  }
  absl::StatusOr<v1::ListPostingsResponse> ListPostings(int64_t, int32_t) override {
    return absl::UnimplementedError("not used");
  }
  absl::StatusOr<admin::v1::ListPartnerTermsResponse> ListPartnerTerms(
      const std::string&) override {
    return absl::UnimplementedError("not used here");
  }
  absl::StatusOr<admin::v1::Partner> GetPartner(const std::string& partner_id) override {
    ++lookups;
    if (!created) return absl::NotFoundError("partner_id: no partner");
    admin::v1::Partner partner;
    partner.set_partner_id(partner_id);
    return partner;
  }
  absl::StatusOr<v1::Balance> GetBalance(const std::string&,
                                                 const std::optional<std::string>&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<v1::MemberTier> GetMemberTier(const std::string&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<v1::Member> GetMember(const std::string&) override {
    return absl::UnimplementedError("not used");
  }
  bool created = false;
  int lookups = 0;
};

TEST(PartnerCache, AsksTheAccountServiceOncePerPartner) {
  CountingAccounts accounts;
  accounts.created = true;
  FakeClock clock(absl::UnixEpoch());
  PartnerCache cache(accounts, clock);
  ASSERT_TRUE(cache.Get("grocer").ok());
  ASSERT_TRUE(cache.Get("grocer").ok());
  EXPECT_EQ(cache.Get("grocer")->partner_id(), "grocer");
  EXPECT_EQ(accounts.lookups, 1);
}

TEST(PartnerCache, NeverCachesAFailureSoAPartnerCreatedLaterIsFound) {
  CountingAccounts accounts;
  FakeClock clock(absl::UnixEpoch());
  PartnerCache cache(accounts, clock);
  EXPECT_EQ(cache.Get("cinema").status().code(), absl::StatusCode::kNotFound);
  accounts.created = true;
  EXPECT_TRUE(cache.Get("cinema").ok());
  EXPECT_EQ(accounts.lookups, 2);
}

}  // namespace
}  // namespace coalition::account
