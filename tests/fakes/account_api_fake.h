// The one fake of the account client (services/account/client/account_api.h) for unit tests:
// the partners (with their terms versions) and members a test puts in it, the postings it was
// asked to make, a ledger of postings numbered from 1 that a follower reads, and counts of the
// lookups that reached it. Its postings are idempotent under their request id, as the ledger's.
// Either fault helper may fail its calls: `faults` (faults.h) fails CreatePosting, `plan`
// (fault_plan.h) fails ListPostings, GetPartner and ListPartnerTerms. Single-threaded, but for
// GetMemberTier, which a bulk earn calls from a few threads at once.
//
//   FakeAccountApi accounts;
//   accounts.AddPartner(FakeAccountApi::Partner("car", "EUR", 2, 100));  // terms version 0
//   accounts.AddMember("mbr_1");
//   Earning earning(purchases, rules, accounts, claims, clock);
//   EXPECT_EQ(accounts.postings.size(), 1u);
//
//   accounts.AddTerms(version_1);     // a later version of a partner's terms
//   accounts.Post(posting);           // into the ledger a LedgerFollower reads
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "coalition/admin/v1/admin.pb.h"
#include "services/account/client/account_api.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "tests/fakes/fault_plan.h"
#include "tests/fakes/faults.h"

namespace coalition::account {

class FakeAccountApi final : public AccountApi {
 public:
  FakeAccountApi() = default;
  explicit FakeAccountApi(testing::FaultPlan* fault_plan) : plan(fault_plan) {}

  // A partner with its currency and earn rate (`points` per `per_amount_minor`).
  static admin::v1::Partner Partner(const std::string& partner_id, const std::string& currency,
                                    int64_t points, int64_t per_amount_minor) {
    admin::v1::Partner partner;
    partner.set_partner_id(partner_id);
    partner.set_currency(currency);
    partner.mutable_earn_rate()->set_points(points);
    partner.mutable_earn_rate()->set_per_amount_minor(per_amount_minor);
    return partner;
  }

  // The partner, with version 0 of its terms (in force from the beginning) from its prices.
  void AddPartner(const admin::v1::Partner& partner) {
    partners[partner.partner_id()] = partner;
    admin::v1::PartnerTerms terms;
    terms.set_partner_id(partner.partner_id());
    terms.set_version(0);
    *terms.mutable_issuance_price() = partner.issuance_price();
    *terms.mutable_reimbursement_price() = partner.reimbursement_price();
    terms.set_breakage_share_bp(partner.breakage_share_bp());
    terms_[partner.partner_id()] = {terms};
  }
  // A later version of a partner's terms (its version and effective_time set).
  void AddTerms(const admin::v1::PartnerTerms& terms) {
    terms_[terms.partner_id()].push_back(terms);
  }
  // What ListPartnerTerms answers as its as_of: lists are final for times a second before it.
  void SetNow(absl::Time now) { now_ = now; }

  // A member in tier "blue", earning at 1x.
  void AddMember(const std::string& member_id) {
    v1::MemberTier tier;
    tier.set_tier_id("blue");
    tier.set_earn_multiplier_bp(10'000);
    members[member_id] = tier;
  }

  // Appends to the ledger a follower reads, with the next sequence; returns it.
  int64_t Post(v1::Posting posting) {
    posting.set_sequence(static_cast<int64_t>(ledger_.size()) + 1);
    ledger_.push_back(std::move(posting));
    return ledger_.back().sequence();
  }

  // How many GetPartner calls asked for `partner_id`; for any partner.
  int lookups_of(const std::string& partner_id) const {
    const auto found = lookups_.find(partner_id);
    return found == lookups_.end() ? 0 : found->second;
  }
  int partner_lookups() const {
    int all = 0;
    for (const auto& [partner_id, count] : lookups_) all += count;
    return all;
  }
  int terms_lookups() const { return terms_lookups_; }

  // Idempotent under the request id, as the ledger is: a copy of a posting gets the first one's
  // sequence and is not posted again; other content under the same id is ALREADY_EXISTS.
  absl::StatusOr<v1::Posting> CreatePosting(const v1::CreatePostingRequest& request) override {
    ++single_calls;
    return PostOne(request);
  }

  // Each posting as CreatePosting answers it, its refusal named by its place in the call as the
  // ledger names it ("postings[1]."); `faults` fail each posting as they fail CreatePosting.
  absl::StatusOr<v1::CreatePostingsResponse> CreatePostings(
      const v1::CreatePostingsRequest& request) override {
    ++bulk_calls;
    v1::CreatePostingsResponse response;
    for (int i = 0; i < request.postings_size(); ++i) {
      absl::StatusOr<v1::Posting> posted = PostOne(request.postings(i));
      v1::PostingResult& result = *response.add_results();
      result.set_code(static_cast<int>(posted.status().code()));
      if (posted.ok()) {
        *result.mutable_posting() = *posted;
      } else {
        result.set_message(absl::StrCat("postings[", i, "].", posted.status().message()));
      }
    }
    return response;
  }

  absl::StatusOr<v1::ListPostingsResponse> ListPostings(int64_t after_sequence,
                                                        int32_t page_size) override {
    RETURN_IF_ERROR(PlanBefore("ListPostings"));
    v1::ListPostingsResponse page;
    page.set_next_after_sequence(after_sequence);
    page.set_latest_sequence(static_cast<int64_t>(ledger_.size()));
    for (const v1::Posting& posting : ledger_) {
      if (posting.sequence() <= after_sequence) continue;
      if (page.postings_size() >= page_size) break;
      *page.add_postings() = posting;
      page.set_next_after_sequence(posting.sequence());
    }
    RETURN_IF_ERROR(PlanAfter("ListPostings"));
    return page;
  }

  absl::StatusOr<admin::v1::Partner> GetPartner(const std::string& partner_id) override {
    RETURN_IF_ERROR(PlanBefore("GetPartner"));
    ++lookups_[partner_id];
    const auto found = partners.find(partner_id);
    if (found == partners.end()) {
      return absl::NotFoundError(absl::StrCat("partner_id: no partner '", partner_id, "'"));
    }
    RETURN_IF_ERROR(PlanAfter("GetPartner"));
    return found->second;
  }

  absl::StatusOr<admin::v1::ListPartnerTermsResponse> ListPartnerTerms(
      const std::string& partner_id) override {
    RETURN_IF_ERROR(PlanBefore("ListPartnerTerms"));
    ++terms_lookups_;
    const auto found = terms_.find(partner_id);
    if (found == terms_.end()) {
      return absl::NotFoundError(absl::StrCat("partner_id: no partner '", partner_id, "'"));
    }
    admin::v1::ListPartnerTermsResponse list;
    // Newest first, as the account service lists them.
    for (auto version = found->second.rbegin(); version != found->second.rend(); ++version) {
      *list.add_versions() = *version;
    }
    *list.mutable_as_of() = ToProtoTime(now_);
    RETURN_IF_ERROR(PlanAfter("ListPartnerTerms"));
    return list;
  }

  absl::StatusOr<v1::Member> GetMember(const std::string& member_id) override {
    ++member_lookups;
    if (!members.contains(member_id)) return absl::NotFoundError("member_id: no member");
    v1::Member member;
    member.set_member_id(member_id);
    return member;
  }
  absl::StatusOr<v1::MemberTier> GetMemberTier(const std::string& member_id) override {
    ++member_lookups;
    auto it = members.find(member_id);
    if (it == members.end()) return absl::NotFoundError("member_id: no member");
    return it->second;
  }
  absl::StatusOr<v1::Balance> GetBalance(const std::string&,
                                         const std::optional<std::string>&) override {
    v1::Balance balance;
    balance.set_available_points(available_points);
    return balance;
  }

  std::map<std::string, admin::v1::Partner> partners;
  std::map<std::string, v1::MemberTier> members;
  int64_t available_points = 1'000'000;  // every member's, as GetBalance answers
  absl::Status posting_outcome;          // what CreatePosting answers when not OK
  std::vector<v1::CreatePostingRequest> postings;
  int single_calls = 0;                 // CreatePosting calls
  int bulk_calls = 0;                   // CreatePostings calls
  std::atomic<int> member_lookups = 0;  // GetMember and GetMemberTier (read in parallel)
  Faults* faults = nullptr;             // fails CreatePosting
  testing::FaultPlan* plan = nullptr;   // fails the follower's and the closing's reads

 private:
  absl::StatusOr<v1::Posting> PostOne(const v1::CreatePostingRequest& request) {
    if (!posting_outcome.ok()) return posting_outcome;
    RETURN_IF_ERROR(Before(faults, "CreatePosting"));
    v1::Posting posting;
    for (size_t i = 0; i < postings.size(); ++i) {
      if (postings[i].request_id() != request.request_id()) continue;
      if (postings[i].SerializeAsString() != request.SerializeAsString()) {
        return absl::AlreadyExistsError("request_id: used for another posting");
      }
      posting.set_sequence(static_cast<int64_t>(i + 1));
      RETURN_IF_ERROR(After(faults));
      return posting;
    }
    postings.push_back(request);
    posting.set_sequence(static_cast<int64_t>(postings.size()));
    RETURN_IF_ERROR(After(faults));
    return posting;
  }

  absl::Status PlanBefore(absl::string_view name) {
    return plan == nullptr ? absl::OkStatus() : plan->Before(name);
  }
  absl::Status PlanAfter(absl::string_view name) {
    return plan == nullptr ? absl::OkStatus() : plan->After(name);
  }

  std::vector<v1::Posting> ledger_;
  std::map<std::string, std::vector<admin::v1::PartnerTerms>> terms_;  // oldest first
  std::map<std::string, int> lookups_;
  int terms_lookups_ = 0;
  absl::Time now_ = absl::FromUnixSeconds(4'000'000'000);  // 2096: every list final
};

}  // namespace coalition::account
