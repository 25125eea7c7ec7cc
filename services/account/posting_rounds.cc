#include "services/account/posting_rounds.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "services/account/ledger_rules.h"

namespace coalition::account {
namespace {

// What two drafts of one round must not share: their member, and their member-owned accounts
// (a member's hold, a household, a company: owners other than the posting's member).
std::vector<std::pair<int, std::string>> ExclusiveParts(const PostingDraft& draft) {
  std::vector<std::pair<int, std::string>> parts;
  if (!draft.posting.member_id().empty()) parts.emplace_back(0, draft.posting.member_id());
  for (const v1::Leg& leg : draft.posting.legs()) {
    const v1::AccountKind kind = leg.account().kind();
    if (IsNonNegative(kind) && kind != v1::PARTNER_PREPAID) {
      parts.emplace_back(static_cast<int>(kind), leg.account().owner_id());
    }
  }
  return parts;
}

}  // namespace

std::vector<std::vector<size_t>> SplitIntoRounds(std::span<const PostingDraft* const> drafts) {
  std::vector<std::vector<size_t>> rounds;
  absl::flat_hash_map<std::pair<int, std::string>, size_t> next_free_round;
  for (size_t i = 0; i < drafts.size(); ++i) {
    const std::vector<std::pair<int, std::string>> parts = ExclusiveParts(*drafts[i]);
    size_t round = 0;
    for (const auto& part : parts) {
      if (auto it = next_free_round.find(part); it != next_free_round.end()) {
        round = std::max(round, it->second);
      }
    }
    if (round == rounds.size()) rounds.emplace_back();
    rounds[round].push_back(i);
    for (const auto& part : parts) next_free_round[part] = round + 1;
  }
  return rounds;
}

}  // namespace coalition::account
