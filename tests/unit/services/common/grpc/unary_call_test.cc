#include "services/common/grpc/unary_call.h"

#include <chrono>
#include <memory>
#include <string>

#include "coalition/account/v1/account.grpc.pb.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"

namespace coalition {
namespace {

// Records what each call carried; refuses a posting without legs.
class FakeLedger : public account::v1::LedgerService::Service {
 public:
  grpc::Status CreatePosting(grpc::ServerContext* context,
                             const account::v1::CreatePostingRequest* request,
                             account::v1::Posting* response) override {
    const auto& metadata = context->client_metadata();
    const auto caller = metadata.find(std::string(kCallerMetadataKey));
    caller_ =
        caller == metadata.end() ? "" : std::string(caller->second.data(), caller->second.size());
    const auto scope = metadata.find(std::string(kMemberScopeMetadataKey));
    member_scope_ = scope == metadata.end()
                        ? "(none)"
                        : std::string(scope->second.data(), scope->second.size());
    time_left_ = context->deadline() - std::chrono::system_clock::now();
    if (request->legs().empty()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "legs: at least 2");
    }
    response->set_sequence(7);
    return grpc::Status::OK;
  }

  std::string caller_;
  std::string member_scope_;
  std::chrono::system_clock::duration time_left_{};
};

class UnaryCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.RegisterService(&ledger_);
    server_ = builder.BuildAndStart();
    stub_ =
        account::v1::LedgerService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }
  void TearDown() override { server_->Shutdown(); }

  static account::v1::CreatePostingRequest TwoLegs() {
    account::v1::CreatePostingRequest request;
    request.add_legs()->set_points(-1);
    request.add_legs()->set_points(1);
    return request;
  }

  FakeLedger ledger_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<account::v1::LedgerService::Stub> stub_;
};

TEST_F(UnaryCallTest, SendsTheCallerAndADeadlineAndReturnsTheResponse) {
  absl::StatusOr<account::v1::Posting> posted =
      UnaryCall(*stub_, &account::v1::LedgerService::Stub::CreatePosting, TwoLegs(),
                {.caller = "earning", .timeout = absl::Seconds(30)});
  ASSERT_TRUE(posted.ok()) << posted.status();
  EXPECT_EQ(posted->sequence(), 7);
  EXPECT_EQ(ledger_.caller_, "earning");
  EXPECT_EQ(ledger_.member_scope_, "(none)");
  EXPECT_GT(ledger_.time_left_, std::chrono::seconds(20));
  // gRPC carries the deadline rounded to its own timer's granularity: a little over 30 s is 30 s.
  EXPECT_LE(ledger_.time_left_, std::chrono::seconds(31));
}

TEST_F(UnaryCallTest, ConvertsARefusalKeepingItsCodeAndMessage) {
  absl::StatusOr<account::v1::Posting> refused = UnaryCall(
      *stub_, &account::v1::LedgerService::Stub::CreatePosting, account::v1::CreatePostingRequest(),
      {.caller = "earning", .timeout = absl::Seconds(5)});
  EXPECT_EQ(refused.status(), absl::InvalidArgumentError("legs: at least 2"));
}

TEST_F(UnaryCallTest, PassesTheMemberScopeOnAndTheWireStatusAsIs) {
  account::v1::Posting response;
  const grpc::Status status = UnaryCallStatus(
      *stub_, &account::v1::LedgerService::Stub::CreatePosting, TwoLegs(), response,
      {.caller = "partner:hotel", .timeout = absl::Seconds(5), .member_scope = "hotel"});
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.sequence(), 7);
  EXPECT_EQ(ledger_.caller_, "partner:hotel");
  EXPECT_EQ(ledger_.member_scope_, "hotel");
}

}  // namespace
}  // namespace coalition
