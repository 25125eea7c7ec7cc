// The fake of LedgerStore (services/account/ledger_store.h): records the drafts appended to it
// and keeps each key's posting once, as the ledger does; records the page sizes asked for. Faults
// (faults.h) may fail an Append; the expiry steps are not faked.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "services/account/ledger_store.h"
#include "services/common/status_macros.h"
#include "tests/fakes/faults.h"

namespace coalition::account {

class RecordingLedgerStore final : public LedgerStore {
 public:
  // Idempotent under the draft's key, as the ledger is: a copy gets the first posting back and
  // is not posted again; other content under the same key is ALREADY_EXISTS.
  absl::StatusOr<v1::Posting> Append(const PostingDraft& draft) override {
    RETURN_IF_ERROR(Before(faults, "Append"));
    drafts.push_back(draft);
    const auto key = std::make_pair(draft.key.caller, draft.key.request_id);
    auto it = posted.find(key);
    if (it != posted.end()) {
      if (it->second.first != draft.key.fingerprint) {
        return absl::AlreadyExistsError("request_id: used for another posting");
      }
      RETURN_IF_ERROR(After(faults));
      return postings[static_cast<size_t>(it->second.second - 1)];
    }
    v1::Posting posting = draft.posting;
    posting.set_sequence(static_cast<int64_t>(postings.size()) + 1);
    postings.push_back(posting);
    posted[key] = {draft.key.fingerprint, posting.sequence()};
    RETURN_IF_ERROR(After(faults));
    return posting;
  }
  std::vector<absl::StatusOr<v1::Posting>> AppendAll(
      std::span<const PostingDraft> batch) override {
    std::vector<absl::StatusOr<v1::Posting>> answers;
    for (const PostingDraft& draft : batch) answers.push_back(Append(draft));
    return answers;
  }
  absl::StatusOr<std::vector<v1::Posting>> ListAfter(int64_t, int, absl::Duration) override {
    return std::vector<v1::Posting>{};
  }
  absl::StatusOr<int64_t> LatestSequence() override { return 0; }
  absl::StatusOr<v1::Balance> GetBalance(const std::string&) override { return v1::Balance{}; }
  absl::StatusOr<std::vector<v1::Transaction>> ListMemberTransactions(const std::string&,
                                                                      std::optional<int64_t>,
                                                                      int limit) override {
    last_limit = limit;
    return std::vector<v1::Transaction>{};
  }
  absl::StatusOr<v1::MemberSummary> GetMemberSummary(const std::string&, int transaction_count,
                                                     absl::Time) override {
    last_limit = transaction_count;
    return v1::MemberSummary{};
  }
  absl::StatusOr<v1::ExpiryRun> StartExpiryRun(const RequestKey&, absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<v1::ExpiryRun> EndExpiryStep(const v1::ExpiryRun&, bool) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<std::vector<std::string>> AccountsWithExpiredPoints(absl::Time, int) override {
    return absl::UnimplementedError("not faked");
  }
  absl::Status ExpireAccountPoints(const v1::ExpiryRun&, const std::string&, absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  std::vector<PostingDraft> drafts;   // every Append, copies included
  std::vector<v1::Posting> postings;  // what the ledger holds: each key's posting once
  std::map<std::pair<std::string, std::string>, std::pair<std::string, int64_t>>
      posted;  // (caller, request_id) -> (fingerprint, sequence)
  Faults* faults = nullptr;
  int last_limit = 0;
};

}  // namespace coalition::account
