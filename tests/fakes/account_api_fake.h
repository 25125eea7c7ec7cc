// An in-memory account service as the other services see it (account::AccountApi): a ledger of
// postings numbered from 1, partners and their terms versions. Counts the partner lookups that
// reach it, and fails the call a FaultPlan chooses. Single-threaded.
//
//   FakeAccountApi accounts;
//   accounts.AddPartner(partner);                  // version 0 of its terms from its prices
//   accounts.AddTerms(version_1);                  // a later version
//   accounts.Post(posting);                        // numbered in order
//   LedgerFollower follower(accounts, store, terms);
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "coalition/admin/v1/admin.pb.h"
#include "services/account/client/account_api.h"
#include "services/common/proto_time.h"
#include "tests/fakes/fault_plan.h"

namespace coalition::testing {

class FakeAccountApi final : public account::AccountApi {
 public:
  explicit FakeAccountApi(FaultPlan* faults = nullptr) : faults_(faults) {}

  // The partner, with version 0 of its terms (in force from the beginning) from its prices.
  void AddPartner(const admin::v1::Partner& partner) {
    partners_[partner.partner_id()] = partner;
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
  // Appends to the ledger with the next sequence; returns it.
  int64_t Post(account::v1::Posting posting) {
    posting.set_sequence(static_cast<int64_t>(ledger_.size()) + 1);
    ledger_.push_back(std::move(posting));
    return ledger_.back().sequence();
  }

  int partner_lookups(const std::string& partner_id) const {
    const auto found = lookups_.find(partner_id);
    return found == lookups_.end() ? 0 : found->second;
  }
  int terms_lookups() const { return terms_lookups_; }

  absl::StatusOr<account::v1::ListPostingsResponse> ListPostings(int64_t after_sequence,
                                                                 int32_t page_size) override {
    if (absl::Status fault = Before("ListPostings"); !fault.ok()) return fault;
    account::v1::ListPostingsResponse page;
    page.set_next_after_sequence(after_sequence);
    page.set_latest_sequence(static_cast<int64_t>(ledger_.size()));
    for (const account::v1::Posting& posting : ledger_) {
      if (posting.sequence() <= after_sequence) continue;
      if (page.postings_size() >= page_size) break;
      *page.add_postings() = posting;
      page.set_next_after_sequence(posting.sequence());
    }
    if (absl::Status fault = After("ListPostings"); !fault.ok()) return fault;
    return page;
  }

  absl::StatusOr<admin::v1::Partner> GetPartner(const std::string& partner_id) override {
    if (absl::Status fault = Before("GetPartner"); !fault.ok()) return fault;
    ++lookups_[partner_id];
    const auto found = partners_.find(partner_id);
    if (found == partners_.end()) {
      return absl::NotFoundError(absl::StrCat("partner_id: no partner '", partner_id, "'"));
    }
    if (absl::Status fault = After("GetPartner"); !fault.ok()) return fault;
    return found->second;
  }

  absl::StatusOr<admin::v1::ListPartnerTermsResponse> ListPartnerTerms(
      const std::string& partner_id) override {
    if (absl::Status fault = Before("ListPartnerTerms"); !fault.ok()) return fault;
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
    if (absl::Status fault = After("ListPartnerTerms"); !fault.ok()) return fault;
    return list;
  }

  absl::StatusOr<account::v1::Posting> CreatePosting(
      const account::v1::CreatePostingRequest&) override {
    return absl::UnimplementedError("FakeAccountApi: CreatePosting is not faked");
  }
  absl::StatusOr<account::v1::Member> GetMember(const std::string&) override {
    return absl::UnimplementedError("FakeAccountApi: GetMember is not faked");
  }
  absl::StatusOr<account::v1::MemberTier> GetMemberTier(const std::string&) override {
    return absl::UnimplementedError("FakeAccountApi: GetMemberTier is not faked");
  }
  absl::StatusOr<account::v1::Balance> GetBalance(const std::string&,
                                                  const std::optional<std::string>&) override {
    return absl::UnimplementedError("FakeAccountApi: GetBalance is not faked");
  }

 private:
  absl::Status Before(absl::string_view name) {
    return faults_ == nullptr ? absl::OkStatus() : faults_->Before(name);
  }
  absl::Status After(absl::string_view name) {
    return faults_ == nullptr ? absl::OkStatus() : faults_->After(name);
  }

  FaultPlan* faults_;
  std::vector<account::v1::Posting> ledger_;
  std::map<std::string, admin::v1::Partner> partners_;
  std::map<std::string, std::vector<admin::v1::PartnerTerms>> terms_;  // oldest first
  std::map<std::string, int> lookups_;
  int terms_lookups_ = 0;
  absl::Time now_ = absl::FromUnixSeconds(4'000'000'000);  // 2096: every list final
};

}  // namespace coalition::testing
