#include "services/account/client/ledger_outcome.h"

#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace coalition::account {
namespace {

TEST(LedgerOutcome, EveryStatusCodeHasOneClass) {
  const std::vector<std::pair<absl::StatusCode, LedgerOutcome>> table = {
      {absl::StatusCode::kOk, LedgerOutcome::kPosted},
      {absl::StatusCode::kFailedPrecondition, LedgerOutcome::kRefusedByState},
      {absl::StatusCode::kNotFound, LedgerOutcome::kRefusedAsBuilt},
      {absl::StatusCode::kInvalidArgument, LedgerOutcome::kRefusedAsBuilt},
      {absl::StatusCode::kPermissionDenied, LedgerOutcome::kRefusedAsBuilt},
      {absl::StatusCode::kCancelled, LedgerOutcome::kMaybePosted},
      {absl::StatusCode::kUnknown, LedgerOutcome::kMaybePosted},
      {absl::StatusCode::kDeadlineExceeded, LedgerOutcome::kMaybePosted},
      {absl::StatusCode::kAlreadyExists, LedgerOutcome::kMaybePosted},
      {absl::StatusCode::kResourceExhausted, LedgerOutcome::kMaybePosted},
      {absl::StatusCode::kAborted, LedgerOutcome::kMaybePosted},
      {absl::StatusCode::kOutOfRange, LedgerOutcome::kMaybePosted},
      {absl::StatusCode::kUnimplemented, LedgerOutcome::kMaybePosted},
      {absl::StatusCode::kInternal, LedgerOutcome::kMaybePosted},
      {absl::StatusCode::kUnavailable, LedgerOutcome::kMaybePosted},
      {absl::StatusCode::kDataLoss, LedgerOutcome::kMaybePosted},
      {absl::StatusCode::kUnauthenticated, LedgerOutcome::kMaybePosted},
  };
  for (const auto& [code, outcome] : table) {
    EXPECT_EQ(ClassifyLedgerAnswer(absl::Status(code, "x")), outcome)
        << absl::StatusCodeToString(code);
  }
}

TEST(LedgerOutcome, OnlyRefusalsAreForGood) {
  EXPECT_FALSE(LedgerRefusedForGood(absl::OkStatus()));
  EXPECT_TRUE(LedgerRefusedForGood(absl::FailedPreconditionError("insufficient points")));
  EXPECT_TRUE(LedgerRefusedForGood(absl::NotFoundError("member_id: no member 'm'")));
  EXPECT_TRUE(LedgerRefusedForGood(absl::InvalidArgumentError("legs: must balance")));
  EXPECT_TRUE(LedgerRefusedForGood(absl::PermissionDeniedError("member_id: not the owner")));
  // A timeout or an oversized response may come after the ledger posted.
  EXPECT_FALSE(LedgerRefusedForGood(absl::DeadlineExceededError("deadline")));
  EXPECT_FALSE(LedgerRefusedForGood(absl::UnavailableError("connection reset")));
  EXPECT_FALSE(LedgerRefusedForGood(absl::ResourceExhaustedError("response too large")));
  EXPECT_FALSE(LedgerRefusedForGood(absl::AlreadyExistsError("request_id: reused")));
  EXPECT_FALSE(LedgerRefusedForGood(absl::AbortedError("being run by another attempt")));
}

}  // namespace
}  // namespace coalition::account
