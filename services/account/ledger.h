// The ledger's logic: validates postings and reads, stamps business time, pages results.
// Knows nothing of gRPC; the handler passes the caller in.
//
//   Ledger ledger(store, clock);
//   absl::StatusOr<v1::Posting> posted = ledger.CreatePosting("earning", request);
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "services/account/ledger_store.h"
#include "services/common/clock.h"

namespace coalition::account {

class Ledger {
 public:
  // A bulk call's postings per ledger transaction: large enough that commits are rare, small
  // enough that one transaction holds its locks briefly.
  static constexpr size_t kPostingsPerBatch = 256;

  // `follow_settle_time`: how long a gap in the sequence may still be filled by a commit (see
  // LedgerStore::ListAfter); it must exceed the longest a transaction can stay open.
  Ledger(LedgerStore& store, const Clock& clock, absl::Duration follow_settle_time)
      : store_(store), clock_(clock), follow_settle_time_(follow_settle_time) {}

  absl::StatusOr<v1::Posting> CreatePosting(absl::string_view caller,
                                            const v1::CreatePostingRequest& request);
  // Each posting as CreatePosting would, written in batches of up to kPostingsPerBatch.
  absl::StatusOr<v1::CreatePostingsResponse> CreatePostings(
      absl::string_view caller, const v1::CreatePostingsRequest& request);
  absl::StatusOr<v1::ListPostingsResponse> ListPostings(const v1::ListPostingsRequest& request);
  absl::StatusOr<v1::Balance> GetBalance(const v1::GetBalanceRequest& request);
  absl::StatusOr<v1::ListTransactionsResponse> ListTransactions(
      const v1::ListTransactionsRequest& request);
  absl::StatusOr<v1::MemberSummary> GetMemberSummary(const v1::GetMemberSummaryRequest& request);

 private:
  LedgerStore& store_;
  const Clock& clock_;
  const absl::Duration follow_settle_time_;
};

}  // namespace coalition::account
