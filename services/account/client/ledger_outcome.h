// What a ledger posting's answer means for the caller that reserved something for it (a
// purchase's claim, a hold's close, a spending record): the one reading of CreatePosting's
// status, so that every service gives back what it reserved in exactly the same cases.
//
//   absl::StatusOr<account::v1::Posting> posted = accounts_.CreatePosting(posting);
//   if (!posted.ok() && account::LedgerRefusedForGood(posted.status())) {
//     RETURN_IF_ERROR(store_.Withdraw(id));  // nothing moved, and nothing will under this key
//   }
//
// Pure: a status in, a class out.
#pragma once

#include "absl/status/status.h"

namespace coalition::account {

enum class LedgerOutcome {
  // OK: the posting is in the ledger (now or by an earlier copy under the same key).
  kPosted,
  // FAILED_PRECONDITION: the state of the accounts refused it (not enough points, a hold already
  // closed, a frozen member). Nothing moved, and the ledger keeps nothing: the key stays free
  // and may post later, once the cause is gone.
  kRefusedByState,
  // NOT_FOUND, INVALID_ARGUMENT, PERMISSION_DENIED: the posting as built cannot post (an account
  // or member that does not exist, a malformed posting, a household spent by a non-owner). The
  // ledger checks these before it writes anything, so nothing moved.
  kRefusedAsBuilt,
  // Anything else may have posted: UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED, UNKNOWN after the
  // request was sent; ABORTED (another attempt under the key is running and may post);
  // ALREADY_EXISTS (the key holds another posting); INTERNAL; and RESOURCE_EXHAUSTED, which gRPC
  // also reports for a response larger than the client accepts, after the server has run the
  // call. What was reserved must stay for a retry under the same key.
  kMaybePosted,
};

LedgerOutcome ClassifyLedgerAnswer(const absl::Status& status);

// The ledger refused the posting and nothing moved (kRefusedByState or kRefusedAsBuilt): what was
// reserved for it can be given back.
bool LedgerRefusedForGood(const absl::Status& status);

}  // namespace coalition::account
