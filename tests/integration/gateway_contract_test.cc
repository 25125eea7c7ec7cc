// The API's contract as a client sees it through the gateway, with real TLS: page tokens page only
// the query that returned them, a retry answers exactly as the first call did, a purchase keeps
// its posting, and the gateway answers health checks to anyone and reflection to its callers only.
#include <chrono>
#include <string>
#include <vector>

#include "coalition/gateway/v1/access.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/gateway_fixture.h"

namespace coalition::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;
using ::testing::UnorderedElementsAre;
using ReflectionRequest = grpc::reflection::v1alpha::ServerReflectionRequest;
using ReflectionResponse = grpc::reflection::v1alpha::ServerReflectionResponse;

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

  static std::string Bytes(const google::protobuf::Message& message) {
    std::string bytes;
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
    coded.Trim();
    return bytes;
  }

  // Sends `request` twice and expects one OK answer, the same bytes both times; returns it.
  template <typename Stub, typename Request, typename Response>
  static Response AnswersRetryAsFirst(Stub& stub,
                                      grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                                   const Request&, Response*),
                                      const Request& request) {
    SCOPED_TRACE(Request::descriptor()->full_name());
    auto first = Call(stub, method, request);
    auto retry = Call(stub, method, request);
    EXPECT_TRUE(first.status.ok()) << first.status.error_message();
    EXPECT_TRUE(retry.status.ok()) << retry.status.error_message();
    EXPECT_EQ(Bytes(retry.response), Bytes(first.response))
        << "first: " << first.response.ShortDebugString()
        << "\nretry: " << retry.response.ShortDebugString();
    return first.response;
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

  static std::vector<ReflectionResponse> Reflect(const std::shared_ptr<grpc::Channel>& channel,
                                                 const std::vector<ReflectionRequest>& requests,
                                                 grpc::Status* finished) {
    auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    auto stream = reflection->ServerReflectionInfo(&context);
    for (const ReflectionRequest& request : requests) stream->Write(request);
    stream->WritesDone();
    std::vector<ReflectionResponse> responses;
    for (ReflectionResponse response; stream->Read(&response);) responses.push_back(response);
    *finished = stream->Finish();
    return responses;
  }

  static ReflectionRequest ListServices() {
    ReflectionRequest request;
    request.set_list_services("");
    return request;
  }
  static ReflectionRequest FileContaining(const std::string& symbol) {
    ReflectionRequest request;
    request.set_file_containing_symbol(symbol);
    return request;
  }
  static ReflectionRequest FileByName(const std::string& name) {
    ReflectionRequest request;
    request.set_file_by_filename(name);
    return request;
  }

  static std::vector<std::string> ServiceNames(const ReflectionResponse& response) {
    std::vector<std::string> names;
    for (const auto& service : response.list_services_response().service()) {
      names.push_back(service.name());
    }
    return names;
  }

  // The files in an answer, by name.
  static std::map<std::string, google::protobuf::FileDescriptorProto> Files(
      const ReflectionResponse& response) {
    std::map<std::string, google::protobuf::FileDescriptorProto> files;
    for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
      google::protobuf::FileDescriptorProto file;
      EXPECT_TRUE(file.ParseFromString(bytes));
      files[file.name()] = file;
    }
    return files;
  }

  static std::vector<std::string> Services(const google::protobuf::FileDescriptorProto& file) {
    std::vector<std::string> names;
    for (const auto& service : file.service()) names.push_back(service.name());
    return names;
  }
  static std::vector<std::string> Methods(const google::protobuf::FileDescriptorProto& file,
                                          const std::string& service) {
    std::vector<std::string> names;
    for (const auto& each : file.service()) {
      if (each.name() != service) continue;
      for (const auto& method : each.method()) names.push_back(method.name());
    }
    return names;
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

TEST_F(GatewayContract, APartnersRetriesAnswerTheFirstAnswerByteForByte) {
  const std::string partner = CertifiedPartner();
  auto channel = ChannelAs(absl::StrCat("partner:", partner));
  auto accounts = account::v1::AccountService::NewStub(channel);
  auto earning = earning::v1::EarningService::NewStub(channel);
  auto redemption = redemption::v1::RedemptionService::NewStub(channel);

  account::v1::EnrollMemberRequest enroll;
  enroll.set_request_id(UniqueId("enroll"));
  enroll.set_display_name("Ada Lovelace");
  enroll.set_email("ada@example.com");
  enroll.set_phone("+442071234567");
  enroll.set_partner_id(partner);
  enroll.set_external_id(UniqueId("customer"));
  const account::v1::Member member =
      AnswersRetryAsFirst(*accounts, &account::v1::AccountService::Stub::EnrollMember, enroll);
  EXPECT_EQ(member.state(), account::v1::Member::ACTIVE);
  const std::string member_id = member.member_id();

  const earning::v1::Purchase purchase =
      AnswersRetryAsFirst(*earning, &earning::v1::EarningService::Stub::RecordPurchase,
                          PurchaseRequest(member_id, partner, 100'000));  // 1,000 points
  earning::v1::RecordPurchasesRequest batch;
  *batch.add_purchases() = PurchaseRequest(member_id, partner, 10'000);
  *batch.add_purchases() = PurchaseRequest(member_id, partner, 20'000);
  AnswersRetryAsFirst(*earning, &earning::v1::EarningService::Stub::RecordPurchases, batch);

  earning::v1::RefundPurchaseRequest refund;
  refund.set_request_id(UniqueId("refund"));
  refund.set_partner_id(partner);
  refund.set_partner_transaction_id(purchase.partner_transaction_id());
  refund.set_partner_refund_id(UniqueId("partner-refund"));
  refund.set_amount_minor(10'000);
  AnswersRetryAsFirst(*earning, &earning::v1::EarningService::Stub::RefundPurchase, refund);

  for (const auto settle : {&earning::v1::EarningService::Stub::ConfirmPurchase,
                            &earning::v1::EarningService::Stub::CancelPurchase}) {
    earning::v1::RecordPurchaseRequest pending = PurchaseRequest(member_id, partner, 5'000);
    pending.set_pending(true);
    AnswersRetryAsFirst(*earning, &earning::v1::EarningService::Stub::RecordPurchase, pending);
    earning::v1::SettlePurchaseRequest request;
    request.set_request_id(UniqueId("settle"));
    request.set_partner_id(partner);
    request.set_partner_transaction_id(pending.partner_transaction_id());
    AnswersRetryAsFirst(*earning, settle, request);
  }

  redemption::v1::RedeemRequest redeem;
  redeem.set_request_id(UniqueId("redeem"));
  redeem.set_partner_id(partner);
  redeem.set_member_id(member_id);
  redeem.set_points(100);
  const redemption::v1::Redemption redeemed =
      AnswersRetryAsFirst(*redemption, &redemption::v1::RedemptionService::Stub::Redeem, redeem);

  redemption::v1::HoldPointsRequest hold;
  hold.set_request_id(UniqueId("hold"));
  hold.set_partner_id(partner);
  hold.set_member_id(member_id);
  hold.set_points(200);
  const redemption::v1::Hold held =
      AnswersRetryAsFirst(*redemption, &redemption::v1::RedemptionService::Stub::HoldPoints, hold);
  redemption::v1::CapturePointsRequest capture;
  capture.set_request_id(UniqueId("capture"));
  capture.set_hold_id(held.hold_id());
  capture.set_points(150);
  AnswersRetryAsFirst(*redemption, &redemption::v1::RedemptionService::Stub::CapturePoints,
                      capture);

  hold.set_request_id(UniqueId("hold"));
  const redemption::v1::Hold to_void =
      AnswersRetryAsFirst(*redemption, &redemption::v1::RedemptionService::Stub::HoldPoints, hold);
  redemption::v1::VoidHoldRequest void_hold;
  void_hold.set_request_id(UniqueId("void"));
  void_hold.set_hold_id(to_void.hold_id());
  AnswersRetryAsFirst(*redemption, &redemption::v1::RedemptionService::Stub::VoidHold, void_hold);

  redemption::v1::RefundRedemptionRequest give_back;
  give_back.set_request_id(UniqueId("refund-redemption"));
  give_back.set_redemption_id(redeemed.redemption_id());
  give_back.set_points(40);
  give_back.set_reason("stay cancelled");
  AnswersRetryAsFirst(*redemption, &redemption::v1::RedemptionService::Stub::RefundRedemption,
                      give_back);
  give_back.set_request_id(UniqueId("refund-hold"));
  give_back.set_hold_id(held.hold_id());
  AnswersRetryAsFirst(*redemption, &redemption::v1::RedemptionService::Stub::RefundRedemption,
                      give_back);

  // A reward, put in the catalogue by the operator, then ordered.
  redemption::v1::PutRewardRequest put;
  put.set_request_id(UniqueId("put-reward"));
  put.mutable_reward()->set_reward_id("free-coffee");
  put.mutable_reward()->set_partner_id(partner);
  put.mutable_reward()->set_name("Free coffee");
  put.mutable_reward()->set_points_price(30);
  put.mutable_reward()->set_stock(5);
  put.mutable_reward()->set_available(true);
  AnswersRetryAsFirst(*redemption::v1::RedemptionAdminService::NewStub(ChannelAs("operator")),
                      &redemption::v1::RedemptionAdminService::Stub::PutReward, put);
  redemption::v1::OrderRewardRequest order;
  order.set_request_id(UniqueId("order"));
  order.set_partner_id(partner);
  order.set_reward_id("free-coffee");
  order.set_member_id(member_id);
  order.set_quantity(2);
  AnswersRetryAsFirst(*redemption, &redemption::v1::RedemptionService::Stub::OrderReward, order);
}

TEST_F(GatewayContract, TheOperatorsRetriesAnswerTheFirstAnswerByteForByte) {
  auto channel = ChannelAs("operator");
  auto accounts = account::v1::AccountService::NewStub(channel);
  auto account_admin = account::v1::AccountAdminService::NewStub(channel);
  auto partners = admin::v1::PartnerAdminService::NewStub(channel);
  auto earn_rules = earning::v1::EarnRulesAdminService::NewStub(channel);
  auto redemption_admin = redemption::v1::RedemptionAdminService::NewStub(channel);
  auto access = gateway::v1::AccessService::NewStub(channel);

  admin::v1::CreatePartnerRequest create;
  create.set_request_id(UniqueId("create-partner"));
  admin::v1::Partner& new_partner = *create.mutable_partner();
  new_partner.set_partner_id(UniqueId("p"));
  new_partner.set_display_name("Bakery");
  new_partner.set_currency("EUR");
  new_partner.mutable_earn_rate()->set_points(1);
  new_partner.mutable_earn_rate()->set_per_amount_minor(100);
  new_partner.mutable_issuance_price()->set_amount_minor(1);
  new_partner.mutable_issuance_price()->set_per_points(1);
  new_partner.mutable_reimbursement_price()->set_amount_minor(8);
  new_partner.mutable_reimbursement_price()->set_per_points(10);
  new_partner.set_prepaid(true);
  const std::string partner =
      AnswersRetryAsFirst(*partners, &admin::v1::PartnerAdminService::Stub::CreatePartner, create)
          .partner_id();
  admin::v1::BuyPointBlockRequest block;
  block.set_request_id(UniqueId("block"));
  block.set_partner_id(partner);
  block.set_points(100'000);
  AnswersRetryAsFirst(*partners, &admin::v1::PartnerAdminService::Stub::BuyPointBlock, block);
  admin::v1::PublishPartnerTermsRequest terms;
  terms.set_request_id(UniqueId("terms"));
  terms.mutable_terms()->set_partner_id(partner);
  terms.mutable_terms()->mutable_issuance_price()->set_amount_minor(2);
  terms.mutable_terms()->mutable_issuance_price()->set_per_points(1);
  terms.mutable_terms()->mutable_reimbursement_price()->set_amount_minor(8);
  terms.mutable_terms()->mutable_reimbursement_price()->set_per_points(10);
  AnswersRetryAsFirst(*partners, &admin::v1::PartnerAdminService::Stub::PublishPartnerTerms, terms);

  earning::v1::PublishEarnRulesRequest rules;
  rules.set_request_id(UniqueId("rules"));
  rules.mutable_rules()->set_partner_id(partner);
  rules.mutable_rules()->mutable_base_rate()->set_points(2);
  rules.mutable_rules()->mutable_base_rate()->set_per_amount_minor(100);
  AnswersRetryAsFirst(*earn_rules, &earning::v1::EarnRulesAdminService::Stub::PublishEarnRules,
                      rules);
  redemption::v1::PublishBurnTermsRequest burn;
  burn.set_request_id(UniqueId("burn"));
  burn.mutable_terms()->set_partner_id(partner);
  burn.mutable_terms()->set_value_amount_minor(1);
  burn.mutable_terms()->set_value_per_points(1);
  burn.mutable_terms()->set_max_bill_share_bp(10'000);
  AnswersRetryAsFirst(*redemption_admin,
                      &redemption::v1::RedemptionAdminService::Stub::PublishBurnTerms, burn);
  redemption::v1::SetPartnerRedemptionsRequest kill_switch;
  kill_switch.set_request_id(UniqueId("kill-switch"));
  kill_switch.set_partner_id(partner);
  kill_switch.set_enabled(false);
  kill_switch.set_reason("investigating");
  AnswersRetryAsFirst(*redemption_admin,
                      &redemption::v1::RedemptionAdminService::Stub::SetPartnerRedemptions,
                      kill_switch);
  admin::v1::SetPartnerStateRequest suspend;
  suspend.set_request_id(UniqueId("suspend-partner"));
  suspend.set_partner_id(partner);
  suspend.set_state(admin::v1::Partner::SUSPENDED);
  suspend.set_reason("unpaid invoices");
  AnswersRetryAsFirst(*partners, &admin::v1::PartnerAdminService::Stub::SetPartnerState, suspend);

  // Members with points to move.
  const std::string earner = NewPartner();
  const std::string alice = NewMember();
  const std::string bob = NewMember();
  const std::string carol = NewMember();
  for (const std::string& member : {alice, bob, carol}) Earn(member, earner, 100'000);

  account::v1::TransferPointsRequest transfer;
  transfer.set_request_id(UniqueId("transfer"));
  transfer.set_from_member_id(alice);
  transfer.set_to_member_id(bob);
  transfer.set_points(100);
  AnswersRetryAsFirst(*accounts, &account::v1::AccountService::Stub::TransferPoints, transfer);

  account::v1::CreateHouseholdRequest household;
  household.set_request_id(UniqueId("household"));
  household.set_owner_member_id(alice);
  household.set_display_name("The Lovelaces");
  const std::string household_id =
      AnswersRetryAsFirst(*accounts, &account::v1::AccountService::Stub::CreateHousehold, household)
          .household_id();
  account::v1::AddHouseholdMemberRequest join;
  join.set_request_id(UniqueId("join"));
  join.set_household_id(household_id);
  join.set_member_id(bob);
  AnswersRetryAsFirst(*accounts, &account::v1::AccountService::Stub::AddHouseholdMember, join);
  transfer.set_request_id(UniqueId("pool"));
  transfer.set_from_member_id(bob);
  transfer.clear_to_member_id();
  transfer.set_to_household_id(household_id);
  AnswersRetryAsFirst(*accounts, &account::v1::AccountService::Stub::TransferPoints, transfer);
  account::v1::RemoveHouseholdMemberRequest leave;
  leave.set_request_id(UniqueId("leave"));
  leave.set_household_id(household_id);
  leave.set_member_id(bob);
  AnswersRetryAsFirst(*accounts, &account::v1::AccountService::Stub::RemoveHouseholdMember, leave);

  account::v1::CreateCorporateAccountRequest corporate;
  corporate.set_request_id(UniqueId("corporate"));
  corporate.set_display_name("Analytical Engines Ltd");
  account::v1::LinkMemberToCorporateRequest link;
  link.set_request_id(UniqueId("link"));
  link.set_member_id(carol);
  link.set_corporate_id(
      AnswersRetryAsFirst(*account_admin,
                          &account::v1::AccountAdminService::Stub::CreateCorporateAccount,
                          corporate)
          .corporate_id());
  AnswersRetryAsFirst(*account_admin,
                      &account::v1::AccountAdminService::Stub::LinkMemberToCorporate, link);

  account::v1::SetMemberStateRequest suspend_member;
  suspend_member.set_request_id(UniqueId("suspend-member"));
  suspend_member.set_member_id(carol);
  suspend_member.set_state(account::v1::Member::SUSPENDED);
  suspend_member.set_reason("card reported stolen");
  AnswersRetryAsFirst(*account_admin, &account::v1::AccountAdminService::Stub::SetMemberState,
                      suspend_member);

  const std::string duplicate = NewMember();
  account::v1::MergeMembersRequest merge;
  merge.set_request_id(UniqueId("merge"));
  merge.set_source_member_id(duplicate);
  merge.set_target_member_id(bob);
  merge.set_reason("enrolled twice");
  AnswersRetryAsFirst(*account_admin, &account::v1::AccountAdminService::Stub::MergeMembers, merge);
  const std::string leaving = NewMember();
  account::v1::CloseMemberRequest close;
  close.set_request_id(UniqueId("close"));
  close.set_member_id(leaving);
  close.set_reason("asked to leave");
  AnswersRetryAsFirst(*account_admin, &account::v1::AccountAdminService::Stub::CloseMember, close);
  account::v1::EraseMemberRequest erase;
  erase.set_request_id(UniqueId("erase"));
  erase.set_member_id(leaving);
  erase.set_reason("request 42");
  AnswersRetryAsFirst(*account_admin, &account::v1::AccountAdminService::Stub::EraseMember, erase);

  // The gateway's own.
  gateway::v1::SetMobileBackendRequest mobile;
  mobile.set_request_id(UniqueId("mobile"));
  mobile.mutable_backend()->set_mobile_id(UniqueId("app"));
  mobile.mutable_backend()->set_members_of_partner_id(earner);
  AnswersRetryAsFirst(*access, &gateway::v1::AccessService::Stub::SetMobileBackend, mobile);
  gateway::v1::IssueApiKeyRequest issue;
  issue.set_request_id(UniqueId("issue"));
  issue.set_identity(absl::StrCat("partner:", earner));
  gateway::v1::RevokeApiKeyRequest revoke;
  revoke.set_request_id(UniqueId("revoke"));
  revoke.set_key_id(
      AnswersRetryAsFirst(*access, &gateway::v1::AccessService::Stub::IssueApiKey, issue)
          .key()
          .key_id());
  revoke.set_reason("leaked");
  AnswersRetryAsFirst(*access, &gateway::v1::AccessService::Stub::RevokeApiKey, revoke);
}

// Last of the retry tests: it changes settings every member is under (to what they already were).
TEST_F(GatewayContract, TheOperatorsSettingsAndRunsAnswerRetriesAsTheFirst) {
  auto channel = ChannelAs("operator");
  auto account_admin = account::v1::AccountAdminService::NewStub(channel);
  auto earn_rules = earning::v1::EarnRulesAdminService::NewStub(channel);
  auto redemption_admin = redemption::v1::RedemptionAdminService::NewStub(channel);
  auto access = gateway::v1::AccessService::NewStub(channel);

  account::v1::SetBonusProgramRequest bonuses;
  bonuses.set_request_id(UniqueId("bonuses"));
  bonuses.mutable_program();  // no bonuses, as before
  AnswersRetryAsFirst(*account_admin, &account::v1::AccountAdminService::Stub::SetBonusProgram,
                      bonuses);
  account::v1::SetTierLadderRequest ladder;
  ladder.set_request_id(UniqueId("ladder"));
  ladder.set_window_months(12);
  account::v1::TierLevel& level = *ladder.add_levels();
  level.set_tier_id("member");
  level.set_display_name("Member");
  level.set_earn_multiplier_bp(10'000);
  AnswersRetryAsFirst(*account_admin, &account::v1::AccountAdminService::Stub::SetTierLadder,
                      ladder);
  redemption::v1::SetBurnLimitsRequest limits;
  limits.set_request_id(UniqueId("limits"));
  limits.mutable_limits();  // none, as the tests run with
  AnswersRetryAsFirst(*redemption_admin,
                      &redemption::v1::RedemptionAdminService::Stub::SetBurnLimits, limits);

  account::v1::RunExpiryRequest expiry;
  expiry.set_request_id(UniqueId("expiry"));
  AnswersRetryAsFirst(*account_admin, &account::v1::AccountAdminService::Stub::RunExpiry, expiry);
  account::v1::RunTierReviewRequest review;
  review.set_request_id(UniqueId("review"));
  AnswersRetryAsFirst(*account_admin, &account::v1::AccountAdminService::Stub::RunTierReview,
                      review);
  account::v1::RunPiiRekeyRequest rekey;
  rekey.set_request_id(UniqueId("rekey"));
  AnswersRetryAsFirst(*account_admin, &account::v1::AccountAdminService::Stub::RunPiiRekey, rekey);
  earning::v1::LapsePendingPurchasesRequest lapse;
  lapse.set_request_id(UniqueId("lapse"));
  AnswersRetryAsFirst(*earn_rules,
                      &earning::v1::EarnRulesAdminService::Stub::LapsePendingPurchases, lapse);

  gateway::v1::IssueApiKeyRequest issue;
  issue.set_request_id(UniqueId("issue"));
  issue.set_identity(absl::StrCat("partner:", NewPartner()));
  gateway::v1::RotateApiKeyRequest rotate;
  rotate.set_request_id(UniqueId("rotate"));
  rotate.set_key_id(
      AnswersRetryAsFirst(*access, &gateway::v1::AccessService::Stub::IssueApiKey, issue)
          .key()
          .key_id());
  rotate.mutable_old_key_valid_for()->set_seconds(3600);
  AnswersRetryAsFirst(*access, &gateway::v1::AccessService::Stub::RotateApiKey, rotate);
}

TEST_F(GatewayContract, APurchaseKeepsItsPostingSequence) {
  const std::string partner = CertifiedPartner();
  auto earning = earning::v1::EarningService::NewStub(ChannelAs(absl::StrCat("partner:", partner)));
  const std::string member = NewMember();
  const earning::v1::Purchase purchase =
      AnswersRetryAsFirst(*earning, &earning::v1::EarningService::Stub::RecordPurchase,
                          PurchaseRequest(member, partner, 10'000));
  EXPECT_GT(purchase.posting_sequence(), 0);
  EXPECT_LE(purchase.posting_sequence(), LastLedgerSequence());

  earning::v1::GetPurchaseRequest get;
  get.set_purchase_id(purchase.purchase_id());
  auto read = Call(*earning, &earning::v1::EarningService::Stub::GetPurchase, get);
  ASSERT_TRUE(read.status.ok()) << read.status.error_message();
  EXPECT_EQ(read.response.posting_sequence(), purchase.posting_sequence());
  EXPECT_EQ(Bytes(read.response), Bytes(purchase));  // nothing refunded yet: the same purchase

  // In a batch too.
  earning::v1::RecordPurchasesRequest batch;
  *batch.add_purchases() = PurchaseRequest(member, partner, 1'000);
  auto recorded = Call(*earning, &earning::v1::EarningService::Stub::RecordPurchases, batch);
  ASSERT_TRUE(recorded.status.ok()) << recorded.status.error_message();
  get.set_purchase_id(recorded.response.results(0).purchase().purchase_id());
  read = Call(*earning, &earning::v1::EarningService::Stub::GetPurchase, get);
  ASSERT_TRUE(read.status.ok()) << read.status.error_message();
  EXPECT_GT(read.response.posting_sequence(), purchase.posting_sequence());
  EXPECT_EQ(read.response.posting_sequence(),
            recorded.response.results(0).purchase().posting_sequence());
}

TEST_F(GatewayContract, AnyoneMayAskWhetherTheGatewayIsServing) {
  auto health = grpc::health::v1::Health::NewStub(ChannelAs(""));  // no certificate
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status =
      health->Check(&context, grpc::health::v1::HealthCheckRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  grpc::ClientContext watch_context;
  watch_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto watch = health->Watch(&watch_context, grpc::health::v1::HealthCheckRequest());
  ASSERT_TRUE(watch->Read(&response));
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  watch_context.TryCancel();
  watch->Finish();
}

TEST_F(GatewayContract, ReflectionIsForCallersAndShowsOnlyWhatTheirRoleMayCall) {
  grpc::Status finished;
  EXPECT_THAT(Reflect(ChannelAs(""), {ListServices()}, &finished), ::testing::IsEmpty());
  EXPECT_EQ(finished.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  const std::string partner = CertifiedPartner();
  auto as_partner = Reflect(ChannelAs(absl::StrCat("partner:", partner)),
                            {ListServices(), FileContaining("coalition.account.v1.AccountService"),
                             FileContaining("coalition.admin.v1.PartnerAdminService"),
                             FileContaining("coalition.account.v1.AccountService.EnrollMember"),
                             FileContaining("coalition.account.v1.AccountService.TransferPoints"),
                             FileByName("coalition/admin/v1/admin.proto")},
                            &finished);
  ASSERT_TRUE(finished.ok()) << finished.error_message();
  ASSERT_EQ(as_partner.size(), 6u);
  EXPECT_THAT(ServiceNames(as_partner[0]),
              UnorderedElementsAre("coalition.account.v1.AccountService",
                                   "coalition.earning.v1.EarningService",
                                   "coalition.redemption.v1.RedemptionService",
                                   "coalition.settlement.v1.SettlementService"));
  // The file with the services the partner may call, its methods only those it may call, and
  // the files it needs.
  auto files = Files(as_partner[1]);
  ASSERT_TRUE(files.contains("coalition/account/v1/account.proto"));
  EXPECT_TRUE(files.contains("google/protobuf/timestamp.proto"));
  const auto& account_file = files["coalition/account/v1/account.proto"];
  EXPECT_THAT(Services(account_file), UnorderedElementsAre("AccountService"));
  EXPECT_THAT(Methods(account_file, "AccountService"),
              IsSupersetOf({"EnrollMember", "GetBalance", "ListTransactions"}));
  EXPECT_THAT(Methods(account_file, "AccountService"), Not(Contains("TransferPoints")));
  // What it may not call is not there.
  EXPECT_EQ(as_partner[2].error_response().error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(as_partner[3].has_file_descriptor_response());
  EXPECT_EQ(as_partner[4].error_response().error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(as_partner[5].error_response().error_code(), grpc::StatusCode::NOT_FOUND);

  auto as_operator = Reflect(
      ChannelAs("operator"),
      {ListServices(), FileContaining("coalition.admin.v1.PartnerAdminService")}, &finished);
  ASSERT_TRUE(finished.ok()) << finished.error_message();
  ASSERT_EQ(as_operator.size(), 2u);
  EXPECT_THAT(
      ServiceNames(as_operator[0]),
      IsSupersetOf({"coalition.account.v1.AccountService",
                    "coalition.account.v1.AccountAdminService",
                    "coalition.admin.v1.PartnerAdminService", "coalition.earning.v1.EarningService",
                    "coalition.settlement.v1.SettlementAdminService",
                    "coalition.gateway.v1.AuditService", "coalition.gateway.v1.AccessService"}));
  EXPECT_TRUE(Files(as_operator[1]).contains("coalition/admin/v1/admin.proto"));
}

}  // namespace
}  // namespace coalition::testing
