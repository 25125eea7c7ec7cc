// The partner gateway with real TLS: who may connect, who may do what, and that a partner's
// identity comes from its certificate, never from what it sends.
#include <cstdlib>
#include <filesystem>
#include <future>

#include "coalition/gateway/v1/audit.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "partner-gateway/audit_chain.h"
#include "tests/integration/gateway_fixture.h"

namespace coalition::testing {
namespace {

using ::testing::HasSubstr;

TEST_F(Gateway, NoCertificateOrOneFromAnotherCaIsUnauthenticated) {
  auto anonymous = account::v1::AccountService::NewStub(ChannelAs(""));
  account::v1::GetBalanceRequest request;
  request.set_member_id(NewMember());
  auto refused = Call(*anonymous, &account::v1::AccountService::Stub::GetBalance, request);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(refused.status.error_message(), HasSubstr("client certificate is required"));

  // An operator certificate from another CA, presented by a client that trusts the gateway.
  const std::string elsewhere = absl::StrCat(platform().work_dir(), "/other-ca");
  MakeCertificates(elsewhere, {"operator"});
  const std::string forged_dir = absl::StrCat(elsewhere, "/presented");
  std::filesystem::create_directories(forged_dir);
  for (const auto& [from, name] :
       {std::pair{tls_dir_, "ca.pem"}, std::pair{elsewhere, "operator.pem"},
        std::pair{elsewhere, "operator.key"}}) {
    std::filesystem::copy_file(absl::StrCat(from, "/", name), absl::StrCat(forged_dir, "/", name),
                               std::filesystem::copy_options::overwrite_existing);
  }
  auto forged = account::v1::AccountService::NewStub(ChannelAs("operator", forged_dir));
  auto denied = Call(*forged, &account::v1::AccountService::Stub::GetBalance, request);
  EXPECT_EQ(denied.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(denied.status.error_message(), HasSubstr("not issued by the coalition's CA"));
}

TEST_F(Gateway, APartnerActsOnlyAsItselfAndNeverAsTheOperator) {
  const std::string partner = CertifiedPartner();
  const std::string other = NewPartner();
  const std::string member = NewMember();
  auto channel = ChannelAs(absl::StrCat("partner:", partner));
  auto earning = earning::v1::EarningService::NewStub(channel);

  // Its own purchase goes through, whatever caller the client's metadata claims.
  auto earned = Call(*earning, &earning::v1::EarningService::Stub::RecordPurchase,
                     PurchaseRequest(member, partner, 10'000), other);
  ASSERT_TRUE(earned.status.ok()) << earned.status.error_message();
  EXPECT_EQ(earned.response.points_earned(), 100);

  const int64_t sequence = LastLedgerSequence();
  auto as_other = Call(*earning, &earning::v1::EarningService::Stub::RecordPurchase,
                       PurchaseRequest(member, other, 10'000));
  EXPECT_EQ(as_other.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(as_other.status.error_message(), HasSubstr("partner_id"));
  earning::v1::RecordPurchasesRequest batch;
  *batch.add_purchases() = PurchaseRequest(member, partner, 100);
  *batch.add_purchases() = PurchaseRequest(member, other, 100);
  auto mixed = Call(*earning, &earning::v1::EarningService::Stub::RecordPurchases, batch);
  EXPECT_EQ(mixed.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(mixed.status.error_message(), HasSubstr("purchases[1].partner_id"));
  EXPECT_EQ(LastLedgerSequence(), sequence);  // refused at the edge: nothing reached the ledger

  settlement::v1::GetPartnerStatementRequest statement;
  statement.set_period_start("2026-11-01");
  statement.set_partner_id(other);
  EXPECT_EQ(Call(*settlement::v1::SettlementService::NewStub(channel),
                 &settlement::v1::SettlementService::Stub::GetPartnerStatement, statement)
                .status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  admin::v1::GetPartnerRequest admin_call;
  admin_call.set_partner_id(partner);
  auto admin = Call(*admin::v1::PartnerAdminService::NewStub(channel),
                    &admin::v1::PartnerAdminService::Stub::GetPartner, admin_call);
  EXPECT_EQ(admin.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(admin.status.error_message(), HasSubstr("operator only"));
}

TEST_F(Gateway, TheOperatorReachesTheAdminServicesAndOversizedRequestsAreRefused) {
  const std::string partner = NewPartner();
  auto channel = ChannelAs("operator");
  admin::v1::GetPartnerRequest get;
  get.set_partner_id(partner);
  auto found = Call(*admin::v1::PartnerAdminService::NewStub(channel),
                    &admin::v1::PartnerAdminService::Stub::GetPartner, get);
  ASSERT_TRUE(found.status.ok()) << found.status.error_message();
  EXPECT_EQ(found.response.partner_id(), partner);

  earning::v1::RecordPurchaseRequest huge = PurchaseRequest(NewMember(), partner, 100);
  huge.set_category(std::string(2 << 20, 'x'));  // 2 MB, over the gateway's 1 MB
  auto refused = Call(*earning::v1::EarningService::NewStub(channel),
                      &earning::v1::EarningService::Stub::RecordPurchase, huge);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(Gateway, APartnerOverItsRateIsToldWhenToRetryAndOthersAreNotSlowed) {
  const std::string flooding = CertifiedPartner();
  const std::string quiet = CertifiedPartner();
  auto flood = account::v1::AccountService::NewStub(ChannelAs(absl::StrCat("partner:", flooding)));
  // A member of both partners, so each may read it.
  const std::string member = NewMember();
  for (const std::string& partner : {flooding, quiet}) {
    ASSERT_TRUE(Call(platform().earning(), &earning::v1::EarningService::Stub::RecordPurchase,
                     PurchaseRequest(member, partner, 100))
                    .status.ok());
  }
  account::v1::GetBalanceRequest request;
  request.set_member_id(member);
  int limited = 0;
  for (int i = 0; i < 15; ++i) {
    grpc::ClientContext context;
    account::v1::Balance balance;
    const grpc::Status status = flood->GetBalance(&context, request, &balance);
    if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED) continue;
    ++limited;
    EXPECT_THAT(status.error_message(), HasSubstr("retry in"));
    EXPECT_EQ(context.GetServerTrailingMetadata().count("retry-after-ms"), 1u);
  }
  EXPECT_GE(limited, 4);  // 15 calls against a burst of 10, refilling 5 a second
  auto calm = account::v1::AccountService::NewStub(ChannelAs(absl::StrCat("partner:", quiet)));
  EXPECT_THAT(Call(*calm, &account::v1::AccountService::Stub::GetBalance, request).status, IsOk());
}

TEST_F(Gateway, MalformedRequestsAreRefusedAtTheEdgeNamingTheField) {
  const std::string partner = CertifiedPartner();
  const std::string member = NewMember();
  auto channel = ChannelAs(absl::StrCat("partner:", partner));
  const std::string method = "/coalition.earning.v1.EarningService/RecordPurchase";
  const int64_t sequence = LastLedgerSequence();

  const grpc::Status garbage = SendBytes(channel, method, "\xff\xff\xff\xff");
  EXPECT_EQ(garbage.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(garbage.error_message(),
              HasSubstr("not a valid coalition.earning.v1.RecordPurchaseRequest"));
  // A service would take a field it does not know for forward compatibility; the edge does not.
  const std::string valid = PurchaseRequest(member, partner, 1'000).SerializeAsString();
  const grpc::Status unknown = SendBytes(channel, method, valid + "\x98\x06\x01");  // field 99
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(unknown.error_message(), HasSubstr("field number 99 is not part of the API"));

  earning::v1::RecordPurchasesRequest batch;
  *batch.add_purchases() = PurchaseRequest(member, partner, 100);
  *batch.add_purchases() = PurchaseRequest(member, partner, -100);
  auto negative = Call(*earning::v1::EarningService::NewStub(channel),
                       &earning::v1::EarningService::Stub::RecordPurchases, batch);
  EXPECT_EQ(negative.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(negative.status.error_message(),
            "purchases[1].amount_minor: must not be negative, got -100");
  // The same in google.rpc.BadRequest details, for clients that read fields, not text.
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(negative.status.error_details()));
  google::rpc::BadRequest bad_request;
  ASSERT_EQ(details.details_size(), 1);
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "purchases[1].amount_minor");
  EXPECT_EQ(bad_request.field_violations(0).description(), "must not be negative, got -100");

  earning::v1::RecordPurchaseRequest bad_id = PurchaseRequest(member, partner, 100);
  bad_id.set_request_id("spaces are not allowed");
  auto refused = Call(*earning::v1::EarningService::NewStub(channel),
                      &earning::v1::EarningService::Stub::RecordPurchase, bad_id);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.status.error_message(), ::testing::StartsWith("request_id: "));
  EXPECT_EQ(LastLedgerSequence(), sequence);  // none of it reached the ledger
}

// Last in this file: it tampers with the audit log.
TEST_F(Gateway, EveryMutatingCallIsAuditedInAChainThatShowsTampering) {
  const std::string partner = CertifiedPartner();
  const std::string member = NewMember();
  auto earning = earning::v1::EarningService::NewStub(ChannelAs(absl::StrCat("partner:", partner)));
  ASSERT_TRUE(Call(*earning, &earning::v1::EarningService::Stub::RecordPurchase,
                   PurchaseRequest(member, partner, 1'000))
                  .status.ok());
  EXPECT_EQ(Call(*earning, &earning::v1::EarningService::Stub::RecordPurchase,
                 PurchaseRequest(member, NewPartner(), 1'000))
                .status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // refused, and audited as refused

  const auto read_all = [&](const std::string& identity) {
    auto audit = gateway::v1::AuditService::NewStub(ChannelAs(identity));
    std::vector<gateway::v1::AuditRecord> records;
    std::string previous = gateway::kGenesisHash;
    std::optional<std::string> broken;
    for (int64_t after = 0;;) {
      gateway::v1::ListAuditRecordsRequest page_request;
      page_request.set_after_sequence(after);
      auto page = Call(*audit, &gateway::v1::AuditService::Stub::ListAuditRecords, page_request);
      EXPECT_TRUE(page.status.ok()) << page.status.error_message();
      if (!page.status.ok() || page.response.records().empty()) break;
      if (!broken) broken = gateway::FirstBreak(page.response.records(), previous);
      records.insert(records.end(), page.response.records().begin(), page.response.records().end());
      after = records.back().sequence();
    }
    return std::pair{records, broken};
  };
  auto [records, broken] = read_all("operator");
  EXPECT_EQ(broken, std::nullopt);
  std::vector<gateway::v1::AuditRecord> mine;
  for (const auto& record : records) {
    if (record.caller() == absl::StrCat("partner:", partner)) mine.push_back(record);
  }
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].method(), "/coalition.earning.v1.EarningService/RecordPurchase");
  EXPECT_EQ(mine[0].status_code(), grpc::StatusCode::OK);
  EXPECT_EQ(mine[1].status_code(), grpc::StatusCode::PERMISSION_DENIED);

  gateway::v1::ListAuditRecordsRequest request;
  EXPECT_EQ(Call(*gateway::v1::AuditService::NewStub(ChannelAs(absl::StrCat("partner:", partner))),
                 &gateway::v1::AuditService::Stub::ListAuditRecords, request)
                .status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  const std::string verify =
      absl::StrCat(COALITION_CTL_BIN, " --tls_dir=", tls_dir_,
                   " --target=127.0.0.1:", gateway_port_, " audit verify >/dev/null");
  EXPECT_EQ(std::system(verify.c_str()), 0);  // coalitionctl agrees

  // A hand edit, by someone who could drop the append-only trigger first.
  auto db = ServiceDb("gateway");
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_THAT(db->Execute("DROP TRIGGER audit_log_is_append_only_u"), IsOk());
  ASSERT_TRUE(db->Execute(absl::StrCat("UPDATE audit_log SET caller = 'someone-else'"
                                       " WHERE sequence = ",
                                       mine[0].sequence()))
                  .ok());
  auto [after_edit, now_broken] = read_all("operator");
  ASSERT_TRUE(now_broken.has_value());
  EXPECT_NE(std::system(verify.c_str()), 0);
  EXPECT_THAT(*now_broken, HasSubstr(absl::StrCat("record ", mine[0].sequence())));
}

}  // namespace
}  // namespace coalition::testing
