#include "services/account/ledger.h"

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/account/ledger_rules.h"
#include "services/common/limits.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace coalition::account {

absl::StatusOr<v1::Posting> Ledger::CreatePosting(absl::string_view caller,
                                                  const v1::CreatePostingRequest& request) {
  RETURN_IF_ERROR(ValidatePostingRequest(request));
  return store_.Append(DraftOf(caller, request, clock_.Now()));
}

absl::StatusOr<v1::CreatePostingsResponse> Ledger::CreatePostings(
    absl::string_view caller, const v1::CreatePostingsRequest& request) {
  const int count = request.postings_size();
  if (count == 0 || count > kMaxBatchItems) {
    return absl::InvalidArgumentError(
        absl::StrCat("postings: a batch has 1 to ", kMaxBatchItems, " postings, got ", count));
  }
  v1::CreatePostingsResponse response;
  const auto answer = [&](int i, const absl::StatusOr<v1::Posting>& posted) {
    v1::PostingResult& result = *response.mutable_results(i);
    result.set_code(static_cast<int>(posted.status().code()));
    if (posted.ok()) {
      *result.mutable_posting() = *posted;
    } else {
      result.set_message(absl::StrCat("postings[", i, "].", posted.status().message()));
    }
  };
  // One business time for the whole call, as a file's postings are recorded together.
  const absl::Time now = clock_.Now();
  std::vector<PostingDraft> drafts;
  std::vector<int> index_of_draft;
  for (int i = 0; i < count; ++i) {
    response.add_results();
    if (absl::Status valid = ValidatePostingRequest(request.postings(i)); !valid.ok()) {
      answer(i, valid);
      continue;
    }
    drafts.push_back(DraftOf(caller, request.postings(i), now));
    index_of_draft.push_back(i);
  }
  for (size_t first = 0; first < drafts.size(); first += kPostingsPerBatch) {
    const size_t size = std::min(kPostingsPerBatch, drafts.size() - first);
    std::vector<absl::StatusOr<v1::Posting>> posted =
        store_.AppendAll(std::span<const PostingDraft>(drafts).subspan(first, size));
    for (size_t j = 0; j < size; ++j) answer(index_of_draft[first + j], posted[j]);
  }
  return response;
}

absl::StatusOr<v1::ListPostingsResponse> Ledger::ListPostings(
    const v1::ListPostingsRequest& request) {
  if (request.after_sequence() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("after_sequence: must not be negative, got ", request.after_sequence()));
  }
  ASSIGN_OR_RETURN(int32_t page_size, PageSize(request.page_size(), 100, kMaxPostingsPage));
  ASSIGN_OR_RETURN(std::vector<v1::Posting> postings,
                   store_.ListAfter(request.after_sequence(), page_size, follow_settle_time_));
  v1::ListPostingsResponse response;
  response.set_next_after_sequence(postings.empty() ? request.after_sequence()
                                                    : postings.back().sequence());
  ASSIGN_OR_RETURN(const int64_t latest, store_.LatestSequence());
  response.set_latest_sequence(std::max(latest, response.next_after_sequence()));
  for (v1::Posting& posting : postings) *response.add_postings() = std::move(posting);
  return response;
}

absl::StatusOr<v1::Balance> Ledger::GetBalance(const v1::GetBalanceRequest& request) {
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  return store_.GetBalance(request.member_id());
}

absl::StatusOr<v1::ListTransactionsResponse> Ledger::ListTransactions(
    const v1::ListTransactionsRequest& request) {
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  ASSIGN_OR_RETURN(int32_t page_size, PageSize(request.page_size(), kDefaultPageSize, kMaxPageSize));
  ASSIGN_OR_RETURN(std::optional<int64_t> before, DecodePageToken(request.page_token(), request));
  // One extra row tells whether another page exists.
  ASSIGN_OR_RETURN(std::vector<v1::Transaction> rows,
                   store_.ListMemberTransactions(request.member_id(), before, page_size + 1));
  v1::ListTransactionsResponse response;
  if (static_cast<int>(rows.size()) > page_size) {
    rows.pop_back();
    response.set_next_page_token(EncodePageToken(rows.back().sequence(), request));
  }
  for (v1::Transaction& row : rows) *response.add_transactions() = std::move(row);
  return response;
}

absl::StatusOr<v1::MemberSummary> Ledger::GetMemberSummary(
    const v1::GetMemberSummaryRequest& request) {
  RETURN_IF_ERROR(ValidateId("member_id", request.member_id()));
  ASSIGN_OR_RETURN(int32_t transaction_count,
                   BoundedCount("transaction_count", request.transaction_count(), 10, 50));
  return store_.GetMemberSummary(request.member_id(), transaction_count, clock_.Now());
}

}  // namespace coalition::account
