// One partner's streams cannot take the platform down. WatchMemberEvents streams hold none of the
// account service's threads: this binary's account service serves unary calls on 16 threads
// (--max_threads=16, set in CMake), fewer than the streams the tests keep open, and calls go on.
// A partner's excess streams are refused at the gateway, and a service stopped with hundreds of
// streams open ends them and exits cleanly.
#include <sys/wait.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "tests/integration/gateway_fixture.h"

namespace coalition::testing {
namespace {

using account::v1::AccountService;
using account::v1::MemberEvent;
using ::testing::HasSubstr;

// Open streams of one client, each with its own context.
struct Streams {
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<MemberEvent>>> readers;

  // Opens one more watch of `member` as `caller` (none if empty).
  grpc::ClientReader<MemberEvent>& Open(AccountService::Stub& stub, const std::string& member,
                                        const std::string& caller = "") {
    auto& context = contexts.emplace_back(std::make_unique<grpc::ClientContext>());
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    if (!caller.empty()) context->AddMetadata(std::string(kCallerMetadataKey), caller);
    account::v1::WatchMemberEventsRequest request;
    request.set_member_id(member);
    return *readers.emplace_back(stub.WatchMemberEvents(context.get(), request));
  }

  // Every stream ends: the client leaves.
  void CloseAll() {
    for (auto& context : contexts) context->TryCancel();
    for (auto& reader : readers) EXPECT_EQ(reader->Finish().error_code(), grpc::CANCELLED);
    readers.clear();
    contexts.clear();
  }
};

class GatewayStreams : public Gateway {
 protected:
  // A stream's first event (the member's history), or its end status.
  static grpc::Status FirstEvent(grpc::ClientReader<MemberEvent>& reader, MemberEvent& event) {
    if (reader.Read(&event)) return grpc::Status::OK;
    return reader.Finish();
  }
};

TEST_F(GatewayStreams, APartnersExcessStreamsAreRefusedAtTheEdgeWhileEveryoneElseCarriesOn) {
  // A gateway of this test's own: rate limits that let many streams open, 24 per identity.
  constexpr int kCap = 24;
  absl::StatusOr<int> port = platform().StartGateway(
      tls_dir_, {"--rate_per_s=1000", "--rate_burst=1000", "--max_streams_per_caller=24"});
  ASSERT_TRUE(port.ok()) << port.status();
  const std::string address = absl::StrCat("127.0.0.1:", *port);
  auto as = [&](const std::string& identity) {
    return gateway::GatewayChannel(address, tls_dir_, identity);
  };
  const std::string flooder = CertifiedPartner();
  const std::string quiet = CertifiedPartner();
  const std::string member = NewMember();
  Earn(member, flooder, 10'000);  // one event of history, and the flooder's relationship

  // The flooder opens streams one after another: each shows its first event once open.
  auto flooder_accounts = AccountService::NewStub(as(absl::StrCat("partner:", flooder)));
  Streams flood;
  MemberEvent event;
  for (int i = 0; i < kCap; ++i) {
    const grpc::Status first = FirstEvent(flood.Open(*flooder_accounts, member), event);
    ASSERT_TRUE(first.ok()) << "stream " << i << ": " << first.error_message();
    EXPECT_EQ(event.transaction().points(), 100);
  }
  Streams excess;
  for (int i = 0; i < 6; ++i) {
    const grpc::Status refused = FirstEvent(excess.Open(*flooder_accounts, member), event);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_THAT(refused.error_message(), HasSubstr("max_streams_per_caller"));
  }

  // 24 streams open, more than the account service's 16 threads: another partner still earns
  // through the gateway, and watches its own member.
  const std::string quiet_member = NewMember();
  auto quiet_channel = as(absl::StrCat("partner:", quiet));
  auto earned = Call(*earning::v1::EarningService::NewStub(quiet_channel),
                     &earning::v1::EarningService::Stub::RecordPurchase,
                     PurchaseRequest(quiet_member, quiet, 5'000));
  ASSERT_TRUE(earned.status.ok()) << earned.status.error_message();
  EXPECT_EQ(earned.response.points_earned(), 50);
  auto quiet_accounts = AccountService::NewStub(quiet_channel);
  Streams quiet_streams;
  ASSERT_THAT(FirstEvent(quiet_streams.Open(*quiet_accounts, quiet_member), event), IsOk());
  EXPECT_EQ(event.transaction().points(), 50);

  // The operator reads through the gateway, and straight from the service.
  account::v1::GetBalanceRequest balance;
  balance.set_member_id(member);
  auto operator_accounts = AccountService::NewStub(as("operator"));
  auto read = Call(*operator_accounts, &AccountService::Stub::GetBalance, balance);
  ASSERT_TRUE(read.status.ok()) << read.status.error_message();
  EXPECT_EQ(read.response.available_points(), 100);
  EXPECT_THAT(Call(platform().accounts(), &AccountService::Stub::GetBalance, balance).status,
              IsOk());

  // And the flooder's open streams all see what happens next.
  Earn(member, flooder, 3'000);
  for (auto& reader : flood.readers) {
    ASSERT_TRUE(reader->Read(&event));
    EXPECT_EQ(event.transaction().points(), 30);
  }
  flood.CloseAll();
  quiet_streams.CloseAll();
}

TEST_F(GatewayStreams, TheAccountServiceCapsEachCallersStreamsToo) {
  // Straight to the service, as a second gateway (or an internal client) would come: the
  // service's own cap (--max_streams_per_caller, 32 by default) holds behind the gateway's.
  const std::string member = NewMember();
  Earn(member, NewPartner(), 10'000);
  const std::string caller = absl::StrCat("partner:", UniqueId("direct"));
  Streams streams;
  MemberEvent event;
  for (int i = 0; i < 32; ++i) {
    ASSERT_TRUE(FirstEvent(streams.Open(platform().accounts(), member, caller), event).ok()) << i;
  }
  Streams excess;
  const grpc::Status refused =
      FirstEvent(excess.Open(platform().accounts(), member, caller), event);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(refused.error_message(),
            absl::StrCat("open streams: '", caller,
                         "' already has 32, the most one caller may have open "
                         "(max_streams_per_caller); close one before opening another"));
  // Another caller is not held back by this one.
  Streams other;
  EXPECT_THAT(FirstEvent(other.Open(platform().accounts(), member, "partner:other"), event),
              IsOk());
  streams.CloseAll();
  other.CloseAll();
}

// A client that goes gives its stream's place back: a caller at its cap that cancels every stream
// (each waiting in the poll scheduler, between polls) may open as many again, round after round.
TEST_F(GatewayStreams, CancelledStreamsGiveTheirPlacesBack) {
  const std::string member = NewMember();
  Earn(member, NewPartner(), 10'000);
  const std::string caller = absl::StrCat("partner:", UniqueId("leaving"));
  MemberEvent event;
  for (int round = 0; round < 3; ++round) {
    Streams streams;
    for (int i = 0; i < 32; ++i) {
      // The server learns of the last round's cancellations on its own time: a place may take a
      // moment to come free, but it must.
      grpc::Status opened;
      for (int attempt = 0; attempt < 200; ++attempt) {
        opened = FirstEvent(streams.Open(platform().accounts(), member, caller), event);
        if (opened.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED) break;
        streams.readers.pop_back();
        streams.contexts.pop_back();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      ASSERT_THAT(opened, IsOk()) << "round " << round << ", stream " << i;
    }
    streams.CloseAll();
  }
}

// Stopping a server (SIGTERM) with 300 streams open, more than its 16 threads: every stream ends
// UNAVAILABLE and the process exits 0, the account service alone and the all-in-one binary.
class StoppingWithOpenStreams : public GatewayStreams,
                                public ::testing::WithParamInterface<const char*> {};

TEST_P(StoppingWithOpenStreams, EndsEveryStreamAndExitsCleanly) {
  constexpr int kStreams = 300;
  const std::string binary = GetParam();
  // Its own schemas, so that the all-in-one binary's background jobs leave the platform's alone;
  // polls a second apart, so that 300 streams cost little.
  const std::string prefix = absl::StrCat("coalition_t", UniqueId("own"), "_");
  absl::StatusOr<Platform::OwnServer> server = platform().StartOwnServer(
      "own-server", binary,
      {"--max_threads=16", "--max_streams_per_caller=300", "--member_events_poll_ms=1000"},
      absl::StrReplaceAll(prefix, {{"-", "_"}}));
  ASSERT_TRUE(server.ok()) << server.status();
  auto accounts = AccountService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", server->port), grpc::InsecureChannelCredentials()));
  account::v1::EnrollMemberRequest enroll;
  enroll.set_request_id(UniqueId("enroll"));
  enroll.set_display_name("Watched member");
  auto enrolled = Call(*accounts, &AccountService::Stub::EnrollMember, enroll);
  ASSERT_TRUE(enrolled.status.ok()) << enrolled.status.error_message();

  // A stream sends its initial metadata once the watch is open: then it waits for events.
  Streams streams;
  for (int i = 0; i < kStreams; ++i) {
    streams.Open(*accounts, enrolled.response.member_id(), "partner:watcher")
        .WaitForInitialMetadata();
  }
  const int status = server->process->Stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << binary << ": wait status " << status << (WIFSIGNALED(status) ? " (signal)" : "");
  for (auto& reader : streams.readers) {
    MemberEvent event;
    EXPECT_FALSE(reader->Read(&event));
    const grpc::Status ended = reader->Finish();
    EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE) << ended.error_message();
  }
}

INSTANTIATE_TEST_SUITE_P(AccountAndAllInOne, StoppingWithOpenStreams,
                         ::testing::Values(COALITION_ACCOUNT_BIN, COALITION_ALL_BIN));

}  // namespace
}  // namespace coalition::testing
