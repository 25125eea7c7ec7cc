// The gateway's edge for everything it serves, its own services included, and what an
// unauthenticated or idle client can cost it: rate limits and request checks on AccessService and
// AuditService, refusals audited in bounded records, attempts without a credential limited per
// address before any key lookup, idle and half-open connections closed. Real gateways, real TLS.
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <future>
#include <map>

#include "coalition/gateway/v1/access.grpc.pb.h"
#include "coalition/gateway/v1/audit.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "tests/integration/gateway_fixture.h"

namespace coalition::testing {
namespace {

using ::testing::HasSubstr;
using Access = gateway::v1::AccessService;
using Audit = gateway::v1::AuditService;

constexpr char kIssueApiKey[] = "/coalition.gateway.v1.AccessService/IssueApiKey";
constexpr char kListAuditRecords[] = "/coalition.gateway.v1.AuditService/ListAuditRecords";

// The field a status's google.rpc.BadRequest details name; empty if it has none.
std::string BadRequestField(const grpc::Status& status) {
  google::rpc::Status details;
  google::rpc::BadRequest bad_request;
  if (!details.ParseFromString(status.error_details()) || details.details_size() != 1 ||
      !details.details(0).UnpackTo(&bad_request) || bad_request.field_violations_size() != 1) {
    return "";
  }
  return bad_request.field_violations(0).field();
}

class GatewayEdge : public Gateway {
 protected:
  // A second gateway on the same services and audit log, with short limits to trip in a test:
  // refusals counted in 2 s windows, connections closed after a second idle or a second without
  // a finished handshake, 5 attempts without a credential per address (1 a second after), and
  // no rate limit to speak of per identity.
  void SetUp() override {
    Gateway::SetUp();
    if (edge_port_ != 0) return;
    absl::StatusOr<int> port = platform().StartGateway(
        tls_dir_,
        {"--rate_per_s=1000", "--rate_burst=1000", "--audit_refusal_window_s=2",
         "--max_connection_idle_s=1", "--handshake_timeout_s=1", "--unauthenticated_rate_per_s=1",
         "--unauthenticated_burst=5"},
        "gateway-edge");
    ASSERT_TRUE(port.ok()) << port.status();
    edge_port_ = *port;
  }

  static gateway::v1::IssueApiKeyRequest IssueRequest(const std::string& identity) {
    gateway::v1::IssueApiKeyRequest request;
    request.set_request_id(UniqueId("edge"));
    request.set_identity(identity);
    return request;
  }

  std::shared_ptr<grpc::Channel> EdgeAs(const std::string& identity) {
    return gateway::GatewayChannel(absl::StrCat("127.0.0.1:", edge_port_), tls_dir_, identity);
  }

  // The audit log's records of `caller`, and the calls they stand for by status code: one each,
  // or a record's aggregated_refusals if it counts some.
  struct Audited {
    int64_t records = 0;
    std::map<int, int64_t> calls;
  };
  Audited AuditOf(const std::string& caller) {
    auto db = ServiceDb("gateway");
    EXPECT_TRUE(db.ok()) << db.status();
    if (!db.ok()) return {};
    auto rows =
        db->Query("SELECT status_code, aggregated_refusals FROM audit_log WHERE caller = ?", {caller});
    EXPECT_TRUE(rows.ok()) << rows.status();
    if (!rows.ok()) return {};
    Audited audited;
    for (const Row& row : *rows) {
      ++audited.records;
      audited.calls[static_cast<int>(row.Int(0))] += std::max<int64_t>(1, row.Int(1));
    }
    return audited;
  }

  // coalitionctl's verdict on the whole chain, through the gateway on `port`.
  int VerifyAudit(int port) {
    const std::string verify =
        absl::StrCat(COALITION_CTL_BIN, " --tls_dir=", tls_dir_, " --target=127.0.0.1:", port,
                     " audit verify >/dev/null");
    return std::system(verify.c_str());
  }

  static inline int edge_port_ = 0;
};

TEST_F(GatewayEdge, APartnersFloodOfAccessCallsIsRateLimitedAndAuditedInTwoRecords) {
  // On the fixture's gateway: 5 calls a second per identity, 10 at once.
  const std::string partner = CertifiedPartner();
  auto access = Access::NewStub(ChannelAs(absl::StrCat("partner:", partner)));
  std::map<grpc::StatusCode, int> answers;
  for (int i = 0; i < 40; ++i) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    gateway::v1::IssuedApiKey issued;
    const grpc::Status status =
        access->IssueApiKey(&context, IssueRequest(absl::StrCat("partner:", partner)), &issued);
    ++answers[status.error_code()];
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      EXPECT_THAT(status.error_message(), HasSubstr("rate limit"));
      EXPECT_EQ(context.GetServerTrailingMetadata().count("retry-after-ms"), 1u);
    }
  }
  // Refused for its role while it had tokens, then for its rate: nothing else.
  EXPECT_GE(answers[grpc::StatusCode::PERMISSION_DENIED], 10);
  EXPECT_GE(answers[grpc::StatusCode::RESOURCE_EXHAUSTED], 1);
  EXPECT_EQ(
      answers[grpc::StatusCode::PERMISSION_DENIED] + answers[grpc::StatusCode::RESOURCE_EXHAUSTED],
      40);

  // Within the minute, one record per kind of refusal; the rest are counted, not written.
  const Audited audited = AuditOf(absl::StrCat("partner:", partner));
  EXPECT_EQ(audited.records, 2);
  EXPECT_EQ(audited.calls, (std::map<int, int64_t>{{grpc::StatusCode::PERMISSION_DENIED, 1},
                                                   {grpc::StatusCode::RESOURCE_EXHAUSTED, 1}}));

  // A successful mutation is still a record of its own, every time.
  const int64_t operator_records = AuditOf("operator").records;
  auto as_operator = Access::NewStub(ChannelAs("operator"));
  for (int i = 0; i < 2; ++i) {
    auto issued = Call(*as_operator, &Access::Stub::IssueApiKey,
                       IssueRequest(absl::StrCat("partner:", partner)));
    ASSERT_TRUE(issued.status.ok()) << issued.status.error_message();
  }
  EXPECT_EQ(AuditOf("operator").records, operator_records + 2);
  EXPECT_EQ(VerifyAudit(gateway_port_), 0);
}

TEST_F(GatewayEdge, RefusalsAfterTheFirstAreCountedInOneRecordWhenTheWindowEnds) {
  const std::string partner = CertifiedPartner();
  auto access = Access::NewStub(EdgeAs(absl::StrCat("partner:", partner)));
  constexpr int kCalls = 30;
  for (int i = 0; i < kCalls; ++i) {
    ASSERT_EQ(
        Call(*access, &Access::Stub::IssueApiKey, IssueRequest(absl::StrCat("partner:", partner)))
            .status.error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
  // Every refusal is accounted for once its window has ended and its count is written.
  Audited audited;
  for (int wait = 0; wait < 300; ++wait) {
    audited = AuditOf(absl::StrCat("partner:", partner));
    if (audited.calls[grpc::StatusCode::PERMISSION_DENIED] >= kCalls) break;
    absl::SleepFor(absl::Milliseconds(200));
  }
  EXPECT_EQ(audited.calls, (std::map<int, int64_t>{{grpc::StatusCode::PERMISSION_DENIED, kCalls}}));
  EXPECT_LT(audited.records, kCalls);  // at most two per 2-second window
  // The counts are in the same hash chain, and it still verifies.
  EXPECT_EQ(VerifyAudit(edge_port_), 0);
}

TEST_F(GatewayEdge, UndecodableOrUnknownFieldsToTheGatewaysOwnServicesAreInvalidArgument) {
  const std::string identity = absl::StrCat("partner:", NewPartner());
  auto channel = EdgeAs("operator");
  const grpc::Status garbage = SendBytes(channel, kIssueApiKey, "\xff\xff\xff\xff");
  EXPECT_EQ(garbage.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(garbage.error_message(),
            "request: not a valid coalition.gateway.v1.IssueApiKeyRequest message");
  EXPECT_EQ(BadRequestField(garbage), "request");
  const std::string valid = IssueRequest(identity).SerializeAsString();
  const grpc::Status unknown = SendBytes(channel, kIssueApiKey, valid + "\x98\x06\x01");
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(unknown.error_message(), "request: field number 99 is not part of the API");

  const grpc::Status audit_garbage = SendBytes(channel, kListAuditRecords, "\xff\xff\xff\xff");
  EXPECT_EQ(audit_garbage.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(audit_garbage.error_message(),
              HasSubstr("request: not a valid coalition.gateway.v1.ListAuditRecordsRequest"));
  const grpc::Status audit_unknown =
      SendBytes(channel, kListAuditRecords,
                gateway::v1::ListAuditRecordsRequest().SerializeAsString() + "\x98\x06\x01");
  EXPECT_EQ(audit_unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(audit_unknown.error_message(), HasSubstr("request: field number 99"));

  // The edge's field checks apply too, and none of it issued anything.
  gateway::v1::IssueApiKeyRequest bad_id = IssueRequest(identity);
  bad_id.set_request_id("spaces are not allowed");
  auto refused = Call(*Access::NewStub(channel), &Access::Stub::IssueApiKey, bad_id);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.status.error_message(), ::testing::StartsWith("request_id: "));
  gateway::v1::ListApiKeysRequest list;
  list.set_identity(identity);
  EXPECT_EQ(Call(*Access::NewStub(channel), &Access::Stub::ListApiKeys, list).response.keys_size(),
            0);

  // A partner's bytes are refused for its role before they are read.
  const grpc::Status as_partner =
      SendBytes(EdgeAs(absl::StrCat("partner:", CertifiedPartner())), kIssueApiKey, "\xff\xff");
  EXPECT_EQ(as_partner.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(as_partner.error_message(), HasSubstr("operator only"));
  // A method the gateway's services do not have.
  EXPECT_EQ(
      SendBytes(channel, "/coalition.gateway.v1.AccessService/DeleteEverything", "").error_code(),
      grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(GatewayEdge, AnAddressOverItsAttemptsWithoutACredentialIsRefusedBeforeAnyKeyLookup) {
  auto accounts = account::v1::AccountService::NewStub(EdgeAs(""));
  account::v1::GetBalanceRequest request;
  request.set_member_id(NewMember());
  const auto attempt = [&](const std::string& token, grpc::ClientContext& context) {
    context.AddMetadata("x-api-key", token);
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    account::v1::Balance balance;
    return accounts->GetBalance(&context, request, &balance);
  };
  // Keys issued by the operator (with its certificate: never limited by address) and never
  // presented: a lookup would let each one in.
  std::vector<std::string> unseen;
  auto as_operator = Access::NewStub(EdgeAs("operator"));
  for (int i = 0; i < 3; ++i) {
    auto issued = Call(*as_operator, &Access::Stub::IssueApiKey,
                       IssueRequest(absl::StrCat("partner:", NewPartner())));
    ASSERT_TRUE(issued.status.ok()) << issued.status.error_message();
    unseen.push_back(issued.response.token());
  }

  // Guessed key ids, each one new: refused after a lookup while the address has attempts (5),
  // then before any. The bucket refills once a second, so a round may find a fresh attempt
  // between the last guess and the unseen key; a round without one shows the order.
  bool refused_before_lookup = false;
  int guess = 0;
  for (const std::string& token : unseen) {
    grpc::Status status;
    for (int i = 0; i < 100; ++i) {
      grpc::ClientContext context;
      status = attempt(absl::StrCat("key_guess", ++guess, ".secret"), context);
      if (status.error_code() != grpc::StatusCode::UNAUTHENTICATED) {
        EXPECT_EQ(context.GetServerTrailingMetadata().count("retry-after-ms"), 1u);
        break;
      }
      EXPECT_THAT(status.error_message(), HasSubstr("no API key"));
    }
    ASSERT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_THAT(status.error_message(), HasSubstr("too many attempts without a valid credential"));

    grpc::ClientContext context;
    const grpc::Status real = attempt(token, context);
    if (real.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      EXPECT_THAT(real.error_message(), HasSubstr("too many attempts"));
      refused_before_lookup = true;
      break;
    }
  }
  EXPECT_TRUE(refused_before_lookup);
  EXPECT_LE(guess, 3 * 10);  // a handful of lookups per round, not one per guess
}

TEST_F(GatewayEdge, AnIdleConnectionIsClosedAndTheNextCallConnectsAgain) {
  auto channel = EdgeAs("operator");
  auto audit = Audit::NewStub(channel);
  gateway::v1::ListAuditRecordsRequest request;
  request.set_page_size(1);
  ASSERT_THAT(Call(*audit, &Audit::Stub::ListAuditRecords, request).status, IsOk());
  ASSERT_EQ(channel->GetState(false), GRPC_CHANNEL_READY);
  // The edge gateway closes a connection after a second without calls; the client itself would
  // keep it for 30 minutes.
  ASSERT_TRUE(channel->WaitForStateChange(
      GRPC_CHANNEL_READY, std::chrono::system_clock::now() + std::chrono::seconds(60)));
  EXPECT_EQ(channel->GetState(false), GRPC_CHANNEL_IDLE);
  EXPECT_THAT(Call(*audit, &Audit::Stub::ListAuditRecords, request).status, IsOk());
}

TEST_F(GatewayEdge, AConnectionThatNeverFinishesItsHandshakeIsClosed) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(edge_port_));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  // Nothing sent: after its handshake time (a second here) the gateway hangs up.
  pollfd readable{fd, POLLIN, 0};
  ASSERT_EQ(poll(&readable, 1, 60'000), 1);
  char byte = 0;
  EXPECT_LE(recv(fd, &byte, 1, 0), 0);  // end of stream (or reset): closed
  close(fd);
}

}  // namespace
}  // namespace coalition::testing
