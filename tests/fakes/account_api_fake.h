// The one fake of the account client (services/account/client/account_api.h) for unit tests: the
// partners and members a test puts in it, the postings it was asked for, and counts of the
// lookups that reached it. Its postings are idempotent under their request id, as the ledger's, and
// Faults (faults.h) may fail them.
//
//   FakeAccountApi accounts;
//   accounts.AddPartner(FakeAccountApi::Partner("car", "EUR", 2, 100));
//   accounts.AddMember("mbr_1");
//   Earning earning(purchases, rules, accounts, claims, clock);
//   EXPECT_EQ(accounts.postings.size(), 1u);
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/account/client/account_api.h"
#include "services/common/status_macros.h"
#include "tests/fakes/faults.h"

namespace coalition::account {

class FakeAccountApi final : public AccountApi {
 public:
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
  void AddPartner(const admin::v1::Partner& partner) { partners[partner.partner_id()] = partner; }
  // A member in tier "blue", earning at 1x.
  void AddMember(const std::string& member_id) {
    v1::MemberTier tier;
    tier.set_tier_id("blue");
    tier.set_earn_multiplier_bp(10'000);
    members[member_id] = tier;
  }

  // Idempotent under the request id, as the ledger is: a copy of a posting gets the first one's
  // sequence and is not posted again; other content under the same id is ALREADY_EXISTS.
  absl::StatusOr<v1::Posting> CreatePosting(const v1::CreatePostingRequest& request) override {
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
  absl::StatusOr<v1::ListPostingsResponse> ListPostings(int64_t, int32_t) override {
    return v1::ListPostingsResponse{};
  }
  absl::StatusOr<admin::v1::ListPartnerTermsResponse> ListPartnerTerms(
      const std::string&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<admin::v1::Partner> GetPartner(const std::string& partner_id) override {
    ++partner_lookups;
    auto it = partners.find(partner_id);
    if (it == partners.end()) return absl::NotFoundError("partner_id: no partner");
    return it->second;
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
  int partner_lookups = 0;
  int member_lookups = 0;    // GetMember and GetMemberTier
  Faults* faults = nullptr;  // fails CreatePosting
};

}  // namespace coalition::account
