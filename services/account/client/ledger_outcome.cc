#include "services/account/client/ledger_outcome.h"

namespace coalition::account {

LedgerOutcome ClassifyLedgerAnswer(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return LedgerOutcome::kPosted;
    case absl::StatusCode::kFailedPrecondition:
      return LedgerOutcome::kRefusedByState;
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kPermissionDenied:
      return LedgerOutcome::kRefusedAsBuilt;
    default:
      return LedgerOutcome::kMaybePosted;
  }
}

bool LedgerRefusedForGood(const absl::Status& status) {
  const LedgerOutcome outcome = ClassifyLedgerAnswer(status);
  return outcome == LedgerOutcome::kRefusedByState || outcome == LedgerOutcome::kRefusedAsBuilt;
}

}  // namespace coalition::account
