#include "services/common/request_key.h"

#include "gtest/gtest.h"

namespace coalition {
namespace {

TEST(CheckSameRequest, ARetryOfTheSameRequestIsOk) {
  const RequestKey key{"partner:hotel", "r-1", "f00d"};
  EXPECT_EQ(CheckSameRequest("f00d", key), absl::OkStatus());
}

TEST(CheckSameRequest, TheSameRequestIdForAnotherRequestIsRefusedNamingTheField) {
  const RequestKey key{"partner:hotel", "r-1", "f00d"};
  EXPECT_EQ(CheckSameRequest("beef", key),
            absl::AlreadyExistsError("request_id: 'r-1' was already used for a different request"));
  EXPECT_EQ(CheckSameRequest("beef", key), RequestIdReused(key));
  // An empty stored fingerprint is another request's too, never a wildcard.
  EXPECT_EQ(CheckSameRequest("", key).code(), absl::StatusCode::kAlreadyExists);
}

}  // namespace
}  // namespace coalition
