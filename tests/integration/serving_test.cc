// Every binary answers the standard health check and lists its services over reflection, so
// grpcurl-style tools work against it.
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

using ::testing::IsSupersetOf;

class Serving : public CoalitionTest {
 protected:
  static std::vector<std::string> ListServices(const std::shared_ptr<grpc::Channel>& channel) {
    auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    auto stream = reflection->ServerReflectionInfo(&context);
    grpc::reflection::v1alpha::ServerReflectionRequest request;
    request.set_list_services("");
    stream->Write(request);
    stream->WritesDone();
    std::vector<std::string> names;
    grpc::reflection::v1alpha::ServerReflectionResponse response;
    while (stream->Read(&response)) {
      for (const auto& service : response.list_services_response().service()) {
        names.push_back(service.name());
      }
    }
    EXPECT_THAT(stream->Finish(), IsOk());
    return names;
  }
};

TEST_F(Serving, EveryServerIsHealthyAndListsItsServices) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"account",
       {"coalition.account.v1.AccountService", "coalition.account.v1.LedgerService",
        "coalition.admin.v1.PartnerAdminService"}},
      {"earning", {"coalition.earning.v1.EarningService"}},
      {"redemption", {"coalition.redemption.v1.RedemptionService"}},
      {"settlement", {"coalition.settlement.v1.SettlementService"}},
  };
  for (const auto& [name, services] : expected) {
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", platform().port(name)),
                                       grpc::InsecureChannelCredentials());
    auto health = grpc::health::v1::Health::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_THAT(health->Check(&context, grpc::health::v1::HealthCheckRequest(), &response), IsOk())
        << name;
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING) << name;
    EXPECT_THAT(ListServices(channel), IsSupersetOf(services)) << name;
  }
}

}  // namespace
}  // namespace coalition::testing
