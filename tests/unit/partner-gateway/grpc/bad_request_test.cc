#include "partner-gateway/grpc/bad_request.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace coalition::gateway {
namespace {

TEST(BadRequestDetails, TheFieldPathBeforeTheColonBecomesTheViolationsField) {
  const grpc::Status status = WithBadRequestDetails(
      grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "lines[0].sku: must not be empty"));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "lines[0].sku");
  EXPECT_EQ(bad_request.field_violations(0).description(), "must not be empty");
}

TEST(BadRequestDetails, OtherAnswersAreLeftAlone) {
  EXPECT_EQ(WithBadRequestDetails(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                               "name the member by one of: id, card"))
                .error_details(),
            "");
  EXPECT_EQ(
      WithBadRequestDetails(grpc::Status(grpc::StatusCode::NOT_FOUND, "member_id: no member 'x'"))
          .error_details(),
      "");
}

}  // namespace
}  // namespace coalition::gateway
