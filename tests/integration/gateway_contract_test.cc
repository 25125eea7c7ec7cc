// The API's contract as a client sees it through the gateway, with real TLS: page tokens page only
// the query that returned them.
#include <chrono>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/gateway_fixture.h"

namespace coalition::testing {
namespace {

using ::testing::HasSubstr;

// These tests make many calls per identity: the gateway runs with limits they never reach.
class GatewayContract : public Gateway {
 protected:
  void SetUp() override {
    if (gateway_port_ != 0) return;
    tls_dir_ = absl::StrCat(platform().work_dir(), "/certs");
    MakeCertificates(tls_dir_, {"operator"});
    absl::StatusOr<int> port =
        platform().StartGateway(tls_dir_, {"--rate_per_s=10000", "--rate_burst=10000"});
    ASSERT_TRUE(port.ok()) << port.status();
    gateway_port_ = *port;
  }

  // The partner's member, with `amount_minor` of purchases there.
  std::string MemberOf(earning::v1::EarningService::Stub& earning, const std::string& partner,
                       int64_t amount_minor) {
    const std::string member = NewMember();
    auto earned = Call(earning, &earning::v1::EarningService::Stub::RecordPurchase,
                       PurchaseRequest(member, partner, amount_minor));
    EXPECT_TRUE(earned.status.ok()) << earned.status.error_message();
    return member;
  }
};

TEST_F(GatewayContract, APageTokenPagesOnlyTheQueryThatReturnedIt) {
  const std::string partner = CertifiedPartner();
  auto channel = ChannelAs(absl::StrCat("partner:", partner));
  auto earning = earning::v1::EarningService::NewStub(channel);
  auto accounts = account::v1::AccountService::NewStub(channel);
  const std::string member_a = MemberOf(*earning, partner, 1'000);
  const std::string member_b = MemberOf(*earning, partner, 2'000);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(Call(*earning, &earning::v1::EarningService::Stub::RecordPurchase,
                     PurchaseRequest(member_a, partner, 500))
                    .status.ok());
  }

  account::v1::ListTransactionsRequest request;
  request.set_member_id(member_a);
  request.set_page_size(1);
  auto first = Call(*accounts, &account::v1::AccountService::Stub::ListTransactions, request);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  ASSERT_FALSE(first.response.next_page_token().empty());

  // The same listing goes on, whatever the page size.
  request.set_page_token(first.response.next_page_token());
  request.set_page_size(10);
  auto rest = Call(*accounts, &account::v1::AccountService::Stub::ListTransactions, request);
  ASSERT_TRUE(rest.status.ok()) << rest.status.error_message();
  EXPECT_EQ(rest.response.transactions_size(), 2);
  EXPECT_TRUE(rest.response.next_page_token().empty());

  // Another member's listing does not take it.
  request.set_member_id(member_b);
  auto other = Call(*accounts, &account::v1::AccountService::Stub::ListTransactions, request);
  EXPECT_EQ(other.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(other.status.error_message(), ::testing::StartsWith("page_token: "));
  EXPECT_THAT(other.status.error_message(), HasSubstr("another query"));
  // Nor another listing of the same member.
  account::v1::ListTierChangesRequest tiers;
  tiers.set_member_id(member_a);
  tiers.set_page_token(first.response.next_page_token());
  auto tier_changes = Call(*accounts, &account::v1::AccountService::Stub::ListTierChanges, tiers);
  EXPECT_EQ(tier_changes.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(tier_changes.status.error_message(), ::testing::StartsWith("page_token: "));
}

}  // namespace
}  // namespace coalition::testing
