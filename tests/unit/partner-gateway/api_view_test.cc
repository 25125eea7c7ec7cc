#include "partner-gateway/api_view.h"

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "gtest/gtest.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::gateway {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsSupersetOf;
using ::testing::Not;

const Identity kPartner{Role::kPartner, "hotel", "partner:hotel"};
const Identity kMobile{Role::kMobile, "app", "mobile:app"};
const Identity kOperator{Role::kOperator, "operator", "operator"};

google::protobuf::FileDescriptorProto Parse(const std::string& bytes) {
  google::protobuf::FileDescriptorProto file;
  EXPECT_TRUE(file.ParseFromString(bytes));
  return file;
}

TEST(ApiView, EachRoleSeesTheServicesItMayCall) {
  EXPECT_THAT(
      ApiView(kPartner).Services(),
      ElementsAre("coalition.account.v1.AccountService", "coalition.earning.v1.EarningService",
                  "coalition.redemption.v1.RedemptionService",
                  "coalition.settlement.v1.SettlementService"));
  EXPECT_THAT(ApiView(kMobile).Services(),
              ElementsAre("coalition.account.v1.AccountService",
                          "coalition.redemption.v1.RedemptionService"));
  EXPECT_THAT(ApiView(kOperator).Services(), IsSupersetOf({"coalition.admin.v1.PartnerAdminService",
                                                           "coalition.gateway.v1.AccessService",
                                                           "coalition.gateway.v1.AuditService"}));
}

TEST(ApiView, AFileShowsOnlyTheCallersServicesAndMethodsThenItsImports) {
  auto files = ApiView(kMobile).FileContainingSymbol("coalition.redemption.v1.RedemptionService");
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 2u);
  const auto redemption = Parse((*files)[0]);
  EXPECT_EQ(redemption.name(), "coalition/redemption/v1/redemption.proto");
  ASSERT_EQ(redemption.service_size(), 1);  // not RedemptionAdminService
  std::vector<std::string> methods;
  for (const auto& method : redemption.service(0).method()) methods.push_back(method.name());
  EXPECT_THAT(methods, ElementsAre("QuoteRedemption", "ListRewards"));
  EXPECT_EQ(Parse((*files)[1]).name(), "google/protobuf/timestamp.proto");
  // Its message types stay whole: what its methods take and answer.
  EXPECT_THAT(ApiView(kMobile).FileContainingSymbol("coalition.redemption.v1.RedeemRequest"),
              IsOk());
}

TEST(ApiView, WhatTheCallerMayNotCallIsNotFound) {
  const ApiView partner(kPartner);
  for (const char* symbol :
       {"coalition.admin.v1.PartnerAdminService", "coalition.admin.v1.Partner",
        "coalition.account.v1.AccountAdminService",
        "coalition.account.v1.AccountService.TransferPoints", "coalition.gateway.v1.AuditService",
        "grpc.reflection.v1alpha.ServerReflection", "no.such.Symbol"}) {
    EXPECT_EQ(partner.FileContainingSymbol(symbol).status().code(), absl::StatusCode::kNotFound)
        << symbol;
  }
  EXPECT_EQ(partner.FileByName("coalition/admin/v1/admin.proto").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(partner.FileByName("google/protobuf/timestamp.proto"), IsOk());
  auto account = partner.FileContainingSymbol("coalition.account.v1.AccountService.EnrollMember");
  ASSERT_TRUE(account.ok()) << account.status();
  const auto account_file = Parse(account->front());
  ASSERT_EQ(account_file.service_size(), 1);  // not AccountAdminService
  std::vector<std::string> methods;
  for (const auto& method : account_file.service(0).method()) methods.push_back(method.name());
  EXPECT_THAT(methods, Contains("EnrollMember"));
  EXPECT_THAT(methods, Not(Contains("TransferPoints")));
}

}  // namespace
}  // namespace coalition::gateway
