// Callers without a certificate: API keys (issued, retried, rotated, revoked, expired), and what
// each key's holder may then do, all through the gateway over real TLS.
#include "coalition/gateway/v1/access.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "tests/integration/gateway_fixture.h"

namespace coalition::testing {
namespace {

using ::testing::HasSubstr;
using Access = gateway::v1::AccessService;

// One unary call carrying `token` as the API key, on a channel without a client certificate.
template <typename Stub, typename Request, typename Response>
CallResult<Response> CallWithKey(Stub& stub,
                                 grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                              Response*),
                                 const Request& request, const std::string& token) {
  grpc::ClientContext context;
  context.AddMetadata("x-api-key", token);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  CallResult<Response> result;
  result.status = (stub.*method)(&context, request, &result.response);
  return result;
}

class GatewayAccess : public Gateway {
 protected:
  // The operator's access calls count against its rate like any call; these tests set up keys
  // at a pace the default limit would trip.
  std::vector<std::string> GatewayFlags() override {
    return {"--rate_per_s=100", "--rate_burst=200"};
  }

  std::unique_ptr<Access::Stub> OperatorAccess() { return Access::NewStub(ChannelAs("operator")); }

  gateway::v1::IssuedApiKey IssueKey(const std::string& identity) {
    gateway::v1::IssueApiKeyRequest request;
    request.set_request_id(NewRequestId());
    request.set_identity(identity);
    auto issued = Call(*OperatorAccess(), &Access::Stub::IssueApiKey, request);
    EXPECT_TRUE(issued.status.ok()) << issued.status.error_message();
    return issued.response;
  }

  // A card lookup with `token` (any partner may look up a presented card); its status says
  // whether the key was let in.
  grpc::Status LookUpCardWith(const std::string& token) {
    auto accounts = account::v1::AccountService::NewStub(ChannelAs(""));
    account::v1::GetMemberRequest request;
    request.set_card_number(card_);
    return CallWithKey(*accounts, &account::v1::AccountService::Stub::GetMember, request, token)
        .status;
  }

  void SetUp() override {
    Gateway::SetUp();
    if (member_.empty()) {
      member_ = NewMember();
      card_ = MemberCard(member_);
    }
  }

  static std::string NewRequestId() {
    static int next = 0;
    return absl::StrCat("access-test-", ++next, "-", absl::ToUnixMicros(absl::Now()));
  }

  // The member's card, read past the gateway.
  std::string MemberCard(const std::string& member) {
    account::v1::GetMemberRequest request;
    request.set_member_id(member);
    return Call(platform().accounts(), &account::v1::AccountService::Stub::GetMember, request)
        .response.card_number();
  }

  static inline std::string member_;
  static inline std::string card_;
};

TEST_F(GatewayAccess, AnIssuedKeyIdentifiesItsPartnerAndARetryReturnsTheSameKey) {
  const std::string partner = NewPartner();
  gateway::v1::IssueApiKeyRequest request;
  request.set_request_id(NewRequestId());
  request.set_identity(absl::StrCat("partner:", partner));
  auto first = Call(*OperatorAccess(), &Access::Stub::IssueApiKey, request);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  auto retry = Call(*OperatorAccess(), &Access::Stub::IssueApiKey, request);
  ASSERT_TRUE(retry.status.ok()) << retry.status.error_message();
  EXPECT_EQ(retry.response.token(), first.response.token());
  EXPECT_EQ(retry.response.key().create_time(), first.response.key().create_time());
  request.set_identity(absl::StrCat("partner:", NewPartner()));
  EXPECT_EQ(Call(*OperatorAccess(), &Access::Stub::IssueApiKey, request).status.error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // The key's holder is that partner: it earns as itself, and may not earn as another.
  const std::string token = first.response.token();
  auto earning = earning::v1::EarningService::NewStub(ChannelAs(""));
  auto earned = CallWithKey(*earning, &earning::v1::EarningService::Stub::RecordPurchase,
                            PurchaseRequest(member_, partner, 10'000), token);
  ASSERT_TRUE(earned.status.ok()) << earned.status.error_message();
  EXPECT_EQ(earned.response.points_earned(), 100);
  EXPECT_EQ(CallWithKey(*earning, &earning::v1::EarningService::Stub::RecordPurchase,
                        PurchaseRequest(member_, NewPartner(), 10'000), token)
                .status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // A key is never the operator's: the partner cannot issue keys itself.
  auto as_partner = Access::NewStub(ChannelAs(""));
  gateway::v1::IssueApiKeyRequest own;
  own.set_request_id(NewRequestId());
  own.set_identity(absl::StrCat("partner:", partner));
  EXPECT_EQ(CallWithKey(*as_partner, &Access::Stub::IssueApiKey, own, token).status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Only a salted hash is kept: listing shows the key, never its secret.
  gateway::v1::ListApiKeysRequest list;
  list.set_identity(absl::StrCat("partner:", partner));
  auto listed = Call(*OperatorAccess(), &Access::Stub::ListApiKeys, list);
  ASSERT_TRUE(listed.status.ok()) << listed.status.error_message();
  ASSERT_EQ(listed.response.keys_size(), 1);
  EXPECT_EQ(listed.response.keys(0).key_id(), first.response.key().key_id());
  const std::string secret = token.substr(token.find('.') + 1);
  EXPECT_THAT(listed.response.DebugString(), ::testing::Not(HasSubstr(secret)));
}

TEST_F(GatewayAccess, AWrongMissingOrMalformedKeyIsUnauthenticated) {
  const std::string token = IssueKey(absl::StrCat("partner:", NewPartner())).token();
  ASSERT_THAT(LookUpCardWith(token), IsOk());
  const std::string wrong = token.substr(0, token.size() - 1) + (token.back() == '0' ? "1" : "0");
  const grpc::Status refused = LookUpCardWith(wrong);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(refused.error_message(), HasSubstr("wrong secret"));
  EXPECT_EQ(LookUpCardWith("key_unknown.abc").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  const grpc::Status malformed = LookUpCardWith("no-dot-here");
  EXPECT_EQ(malformed.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(malformed.error_message(), HasSubstr("x-api-key"));
}

TEST_F(GatewayAccess, ARevokedKeyIsRefusedAtOnce) {
  const gateway::v1::IssuedApiKey issued = IssueKey(absl::StrCat("partner:", NewPartner()));
  ASSERT_THAT(LookUpCardWith(issued.token()), IsOk());
  gateway::v1::RevokeApiKeyRequest revoke;
  revoke.set_request_id(NewRequestId());
  revoke.set_key_id(issued.key().key_id());
  revoke.set_reason("laptop stolen");
  auto revoked = Call(*OperatorAccess(), &Access::Stub::RevokeApiKey, revoke);
  ASSERT_TRUE(revoked.status.ok()) << revoked.status.error_message();
  EXPECT_TRUE(revoked.response.has_revoke_time());
  EXPECT_EQ(revoked.response.revoke_reason(), "laptop stolen");

  const grpc::Status refused = LookUpCardWith(issued.token());
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(refused.error_message(), HasSubstr("was revoked"));
  auto retry = Call(*OperatorAccess(), &Access::Stub::RevokeApiKey, revoke);
  ASSERT_THAT(retry.status, IsOk());
  EXPECT_EQ(retry.response.revoke_time(), revoked.response.revoke_time());

  revoke.set_key_id("key_nonexistent");
  revoke.set_request_id(NewRequestId());
  EXPECT_EQ(Call(*OperatorAccess(), &Access::Stub::RevokeApiKey, revoke).status.error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(GatewayAccess, RotationKeepsTheOldKeyForItsOverlapAndAnExpiredKeyIsRefused) {
  const gateway::v1::IssuedApiKey old = IssueKey(absl::StrCat("partner:", NewPartner()));
  gateway::v1::RotateApiKeyRequest rotate;
  rotate.set_request_id(NewRequestId());
  rotate.set_key_id(old.key().key_id());
  *rotate.mutable_old_key_valid_for() = google::protobuf::util::TimeUtil::SecondsToDuration(3600);
  auto rotated = Call(*OperatorAccess(), &Access::Stub::RotateApiKey, rotate);
  ASSERT_TRUE(rotated.status.ok()) << rotated.status.error_message();
  EXPECT_EQ(rotated.response.key().identity(), old.key().identity());
  EXPECT_THAT(LookUpCardWith(rotated.response.token()), IsOk());
  EXPECT_THAT(LookUpCardWith(old.token()), IsOk());  // within the hour's overlap
  rotate.set_request_id(NewRequestId());
  EXPECT_EQ(Call(*OperatorAccess(), &Access::Stub::RotateApiKey, rotate).status.error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // already replaced

  // No overlap: the replaced key's expiry is now, and it is refused as expired.
  rotate.set_request_id(NewRequestId());
  rotate.set_key_id(rotated.response.key().key_id());
  rotate.clear_old_key_valid_for();
  auto again = Call(*OperatorAccess(), &Access::Stub::RotateApiKey, rotate);
  ASSERT_TRUE(again.status.ok()) << again.status.error_message();
  const grpc::Status expired = LookUpCardWith(rotated.response.token());
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(expired.error_message(), HasSubstr("expired"));
  EXPECT_THAT(LookUpCardWith(again.response.token()), IsOk());
}

TEST_F(GatewayAccess, BadKeyRequestsNameTheirFieldAndIssueNothing) {
  gateway::v1::IssueApiKeyRequest request;
  request.set_request_id(NewRequestId());
  request.set_identity("operator");
  auto for_operator = Call(*OperatorAccess(), &Access::Stub::IssueApiKey, request);
  EXPECT_EQ(for_operator.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(for_operator.status.error_message(), HasSubstr("identity:"));
  request.set_identity(absl::StrCat("partner:", NewPartner()));
  *request.mutable_expire_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1);
  auto past = Call(*OperatorAccess(), &Access::Stub::IssueApiKey, request);
  EXPECT_EQ(past.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(past.status.error_message(), HasSubstr("expire_time:"));
  gateway::v1::ListApiKeysRequest list;
  list.set_identity(request.identity());
  EXPECT_EQ(Call(*OperatorAccess(), &Access::Stub::ListApiKeys, list).response.keys_size(), 0);
}

TEST_F(GatewayAccess, APartnerReadsOnlyMembersItHasARelationshipWith) {
  const std::string partner = NewPartner();
  const std::string token = IssueKey(absl::StrCat("partner:", partner)).token();
  const std::string member = NewMember();  // enrolled by the coalition, unknown to the partner
  auto accounts = account::v1::AccountService::NewStub(ChannelAs(""));
  account::v1::GetBalanceRequest balance;
  balance.set_member_id(member);
  auto refused =
      CallWithKey(*accounts, &account::v1::AccountService::Stub::GetBalance, balance, token);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(refused.status.error_message(), HasSubstr("no relationship with partner"));
  account::v1::GetMemberSummaryRequest summary;
  summary.set_member_id(member);
  EXPECT_EQ(
      CallWithKey(*accounts, &account::v1::AccountService::Stub::GetMemberSummary, summary, token)
          .status.error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  // The member shows its card at the till: the partner finds its id, not its profile.
  account::v1::GetMemberRequest by_card;
  by_card.set_card_number(MemberCard(member));
  auto presented =
      CallWithKey(*accounts, &account::v1::AccountService::Stub::GetMember, by_card, token);
  ASSERT_TRUE(presented.status.ok()) << presented.status.error_message();
  EXPECT_EQ(presented.response.member_id(), member);
  EXPECT_EQ(presented.response.display_name(), "");

  // Its first purchase there makes the relationship.
  auto earning = earning::v1::EarningService::NewStub(ChannelAs(""));
  ASSERT_TRUE(CallWithKey(*earning, &earning::v1::EarningService::Stub::RecordPurchase,
                          PurchaseRequest(member, partner, 10'000), token)
                  .status.ok());
  auto read =
      CallWithKey(*accounts, &account::v1::AccountService::Stub::GetBalance, balance, token);
  ASSERT_TRUE(read.status.ok()) << read.status.error_message();
  EXPECT_EQ(read.response.available_points(), 100);
  // Her points, not her name: that takes her consent (docs/personal-data.md).
  auto profile =
      CallWithKey(*accounts, &account::v1::AccountService::Stub::GetMember, by_card, token);
  ASSERT_TRUE(profile.status.ok()) << profile.status.error_message();
  EXPECT_EQ(profile.response.member_id(), member);
  EXPECT_EQ(profile.response.display_name(), "");
}

TEST_F(GatewayAccess, AMobileBackendSeesOnlyTheMembersTheOperatorLetsItSee) {
  const std::string partner = NewPartner();
  const std::string customer = NewMember();
  ASSERT_TRUE(Call(platform().earning(), &earning::v1::EarningService::Stub::RecordPurchase,
                   PurchaseRequest(customer, partner, 10'000))
                  .status.ok());
  const std::string stranger = NewMember();
  const std::string mobile = absl::StrCat("app-", absl::ToUnixMicros(absl::Now()));
  const std::string token = IssueKey(absl::StrCat("mobile:", mobile)).token();
  auto accounts = account::v1::AccountService::NewStub(ChannelAs(""));
  const auto summary_of = [&](const std::string& member) {
    account::v1::GetMemberSummaryRequest request;
    request.set_member_id(member);
    return CallWithKey(*accounts, &account::v1::AccountService::Stub::GetMemberSummary, request,
                       token)
        .status;
  };
  const grpc::Status unregistered = summary_of(customer);
  EXPECT_EQ(unregistered.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(unregistered.error_message(), HasSubstr("SetMobileBackend"));

  // The partner's own app: that partner's members only.
  gateway::v1::SetMobileBackendRequest set;
  set.set_request_id(NewRequestId());
  set.mutable_backend()->set_mobile_id(mobile);
  set.mutable_backend()->set_members_of_partner_id(partner);
  ASSERT_THAT(Call(*OperatorAccess(), &Access::Stub::SetMobileBackend, set).status, IsOk());
  EXPECT_THAT(summary_of(customer), IsOk());
  EXPECT_EQ(summary_of(stranger).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // The coalition's own app: every member.
  set.set_request_id(NewRequestId());
  set.mutable_backend()->clear_members_of_partner_id();
  set.mutable_backend()->set_all_members(true);
  ASSERT_THAT(Call(*OperatorAccess(), &Access::Stub::SetMobileBackend, set).status, IsOk());
  EXPECT_THAT(summary_of(stranger), IsOk());
  // Still read-only.
  auto earning = earning::v1::EarningService::NewStub(ChannelAs(""));
  EXPECT_EQ(CallWithKey(*earning, &earning::v1::EarningService::Stub::RecordPurchase,
                        PurchaseRequest(stranger, partner, 100), token)
                .status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  set.set_request_id(NewRequestId());
  set.mutable_backend()->set_members_of_partner_id(partner);  // both: which one?
  auto both = Call(*OperatorAccess(), &Access::Stub::SetMobileBackend, set);
  EXPECT_EQ(both.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(both.status.error_message(), HasSubstr("backend:"));
}

TEST_F(GatewayAccess, MemberEventsStreamThroughTheGatewayForMembersInScope) {
  const std::string partner = NewPartner();
  const std::string token = IssueKey(absl::StrCat("partner:", partner)).token();
  const std::string member = NewMember();
  ASSERT_TRUE(Call(platform().earning(), &earning::v1::EarningService::Stub::RecordPurchase,
                   PurchaseRequest(member, partner, 10'000))
                  .status.ok());
  auto accounts = account::v1::AccountService::NewStub(ChannelAs(""));
  account::v1::WatchMemberEventsRequest request;
  request.set_member_id(member);

  // History first, then a purchase made while watching arrives live.
  grpc::ClientContext watching;
  watching.AddMetadata("x-api-key", token);
  watching.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto reader = accounts->WatchMemberEvents(&watching, request);
  account::v1::MemberEvent event;
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.member_id(), member);
  EXPECT_EQ(event.kind(), account::v1::MemberEvent::POINTS_ADDED);
  EXPECT_EQ(event.transaction().points(), 100);
  ASSERT_TRUE(Call(platform().earning(), &earning::v1::EarningService::Stub::RecordPurchase,
                   PurchaseRequest(member, partner, 20'000))
                  .status.ok());
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.transaction().points(), 200);
  watching.TryCancel();  // the client leaves; the gateway ends the upstream watch
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);

  // A member the partner has no relationship with is refused before anything streams.
  grpc::ClientContext refused;
  refused.AddMetadata("x-api-key", token);
  request.set_member_id(NewMember());
  auto denied = accounts->WatchMemberEvents(&refused, request);
  EXPECT_FALSE(denied->Read(&event));
  const grpc::Status status = denied->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("no relationship"));
}

}  // namespace
}  // namespace coalition::testing
