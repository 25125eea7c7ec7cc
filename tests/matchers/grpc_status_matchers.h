// IsOk() and StatusIs(code[, message]) (status_matchers.h) for grpc::Status and for the
// integration tests' CallResult<T>, whose status is a grpc::Status:
//
//   auto held = Hold(member, partner, 10);
//   ASSERT_THAT(held, IsOk());
//   EXPECT_THAT(Void(hold_id, UniqueId("void")), StatusIs(grpc::StatusCode::NOT_FOUND));
#pragma once

#include <string>

#include "grpcpp/support/status.h"
#include "tests/integration/platform.h"
#include "tests/matchers/status_matchers.h"

namespace coalition::status_matchers_internal {

template <>
struct StatusOf<grpc::Status> {
  static absl::StatusCode Code(const grpc::Status& status) {
    return AsAbslCode(status.error_code());
  }
  static std::string Message(const grpc::Status& status) { return status.error_message(); }
};

template <typename Response>
struct StatusOf<testing::CallResult<Response>> {
  static absl::StatusCode Code(const testing::CallResult<Response>& result) {
    return StatusOf<grpc::Status>::Code(result.status);
  }
  static std::string Message(const testing::CallResult<Response>& result) {
    return result.status.error_message();
  }
};

}  // namespace coalition::status_matchers_internal
