// The server process routes protobuf's own logs: a client's bad bytes write nothing.
#include "services/common/grpc/server_process.h"

#include "coalition/account/v1/account.pb.h"
#include "gtest/gtest.h"

namespace coalition {
namespace {

TEST(ProtobufLogs, AClientsBadBytesWriteNothingToTheLog) {
  RouteProtobufLogs();
  account::v1::GetBalanceRequest request;
  request.set_member_id("\xff\xfe");  // not UTF-8: protobuf complains when it parses it
  const std::string bytes = request.SerializeAsString();
  ::testing::internal::CaptureStderr();
  account::v1::GetBalanceRequest parsed;
  parsed.ParseFromString(bytes);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

}  // namespace
}  // namespace coalition
