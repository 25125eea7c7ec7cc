#include "services/account/client/partner_cache.h"

#include "gtest/gtest.h"
#include "tests/fakes/account_api_fake.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::account {
namespace {

TEST(PartnerCache, AsksTheAccountServiceOncePerPartner) {
  FakeAccountApi accounts;
  accounts.AddPartner(FakeAccountApi::Partner("grocer", "EUR", 1, 100));
  FakeClock clock(absl::UnixEpoch());
  PartnerCache cache(accounts, clock);
  ASSERT_THAT(cache.Get("grocer"), IsOk());
  ASSERT_THAT(cache.Get("grocer"), IsOk());
  EXPECT_EQ(cache.Get("grocer")->partner_id(), "grocer");
  EXPECT_EQ(accounts.partner_lookups(), 1);
}

TEST(PartnerCache, NeverCachesAFailureSoAPartnerCreatedLaterIsFound) {
  FakeAccountApi accounts;
  FakeClock clock(absl::UnixEpoch());
  PartnerCache cache(accounts, clock);
  EXPECT_EQ(cache.Get("cinema").status().code(), absl::StatusCode::kNotFound);
  accounts.AddPartner(FakeAccountApi::Partner("cinema", "EUR", 1, 100));
  EXPECT_THAT(cache.Get("cinema"), IsOk());
  EXPECT_EQ(accounts.partner_lookups(), 2);
}

}  // namespace
}  // namespace coalition::account
