// Test data shared by the settlement saga tests: two days of a small coalition's ledger.
#pragma once

#include <string>
#include <tuple>

#include "absl/time/time.h"
#include "coalition/account/v1/account.pb.h"
#include "coalition/admin/v1/admin.pb.h"
#include "services/common/proto_time.h"
#include "tests/fakes/account_api_fake.h"

namespace coalition::settlement::two_days {

// Monday 2026-11-23 and Tuesday, UTC; the car rental's terms change at noon on Monday.
inline const absl::CivilDay kMonday(2026, 11, 23);
inline const absl::Time kMondayStart = absl::FromCivil(kMonday, absl::UTCTimeZone());
inline const absl::Time kTermsChange = kMondayStart + absl::Hours(12);

inline account::v1::Posting PostingAt(
    absl::Time time, const std::string& partner_id,
    std::initializer_list<std::tuple<account::v1::AccountKind, std::string, int64_t>> legs) {
  account::v1::Posting posting;
  posting.set_partner_id(partner_id);
  *posting.mutable_occur_time() = ToProtoTime(time);
  for (const auto& [kind, owner, points] : legs) {
    account::v1::Leg& leg = *posting.add_legs();
    leg.mutable_account()->set_kind(kind);
    leg.mutable_account()->set_owner_id(owner);
    leg.set_points(points);
  }
  return posting;
}

// Issued at 1 minor unit a point, reimbursed at 0.8.
inline admin::v1::Partner PartnerNamed(const std::string& id) {
  admin::v1::Partner partner;
  partner.set_partner_id(id);
  partner.set_currency("EUR");
  partner.mutable_issuance_price()->set_amount_minor(1);
  partner.mutable_issuance_price()->set_per_points(1);
  partner.mutable_reimbursement_price()->set_amount_minor(8);
  partner.mutable_reimbursement_price()->set_per_points(10);
  return partner;
}

// The car rental's terms from noon on Monday: 2 a point issued, 3 a point beyond 400 points in
// a month, half the issuance value of expired points back.
inline admin::v1::PartnerTerms CarVersion1() {
  admin::v1::PartnerTerms terms;
  terms.set_partner_id("car");
  terms.set_version(1);
  *terms.mutable_effective_time() = ToProtoTime(kTermsChange);
  terms.mutable_issuance_price()->set_amount_minor(2);
  terms.mutable_issuance_price()->set_per_points(1);
  terms.mutable_reimbursement_price()->set_amount_minor(1);
  terms.mutable_reimbursement_price()->set_per_points(1);
  terms.set_breakage_share_bp(5000);
  admin::v1::IssuanceTier& tier = *terms.add_issuance_tiers();
  tier.set_from_points(400);
  tier.mutable_price()->set_amount_minor(3);
  tier.mutable_price()->set_per_points(1);
  return terms;
}

// 27 postings: every four hours from 01:00 Monday, the car rental issues 100 points and the
// hotel redeems 30 (a minute later); on Monday afternoon the car rental takes 20 back, 5 of its
// points expire, and the operator gives a member a bonus of 7.
inline void FillLedger(account::FakeAccountApi& accounts) {
  using account::v1::MEMBER;
  accounts.AddPartner(PartnerNamed("car"));
  accounts.AddPartner(PartnerNamed("hotel"));
  accounts.AddTerms(CarVersion1());
  for (int hour = 1; hour < 48; hour += 4) {
    const absl::Time at = kMondayStart + absl::Hours(hour);
    accounts.Post(
        PostingAt(at, "car", {{account::v1::PARTNER_ISSUED, "car", -100}, {MEMBER, "m", 100}}));
    accounts.Post(PostingAt(at + absl::Minutes(1), "hotel",
                            {{MEMBER, "m", -30}, {account::v1::PARTNER_REDEEMED, "hotel", 30}}));
  }
  accounts.Post(PostingAt(kMondayStart + absl::Hours(13), "car",
                          {{MEMBER, "m", -20}, {account::v1::PARTNER_ISSUED, "car", 20}}));
  accounts.Post(PostingAt(kMondayStart + absl::Hours(14), "car",
                          {{MEMBER, "m", -5}, {account::v1::OPERATOR_BREAKAGE, "operator", 5}}));
  accounts.Post(PostingAt(kMondayStart + absl::Hours(15), "",
                          {{account::v1::OPERATOR_PROMOTIONS, "operator", -7}, {MEMBER, "m", 7}}));
}

}  // namespace coalition::settlement::two_days
