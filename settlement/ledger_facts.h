// What a page of ledger postings means for settlement: settlement's one projection of the ledger.
// Each leg becomes a fact of a partner, a kind, the terms version in force at the posting's
// business time and that time's UTC day; the store sums the same facts into period totals (for
// closes) and day facts (for ad-hoc statements), and every amount is priced from them later, by
// version (period_statements.h). Derived purely from the double-entry legs:
//   PARTNER_ISSUED debited: ISSUED; credited: REVERSED;
//   PARTNER_REDEEMED credited: REDEEMED; debited: REFUNDED;
//   OPERATOR_BREAKAGE credited: BREAKAGE of the posting's partner (the points' issuer);
//   OPERATOR_PROMOTIONS debited: OPERATOR_FUNDED, partner "operator".
// Points are counted positive in the kind's own direction (a leg against it counts negative).
//
//   ASSIGN_OR_RETURN(std::vector<DayFact> facts, FactsOf(postings, version_at));
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "coalition/account/v1/account.pb.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "google/protobuf/repeated_field.h"

namespace coalition::settlement {

inline constexpr char kOperator[] = "operator";

// The facts of one business day (UTC) for one partner, kind and terms version.
struct DayFact {
  std::string partner_id;
  v1::FactKind kind = v1::FACT_KIND_UNSPECIFIED;
  int64_t terms_version = 0;
  absl::CivilDay day;
  int64_t points = 0;
  int64_t postings = 0;

  friend bool operator==(const DayFact&, const DayFact&) = default;
};

// A period's total of facts (the store's sum of DayFacts by the period that takes them).
struct PeriodFact {
  std::string partner_id;
  v1::FactKind kind = v1::FACT_KIND_UNSPECIFIED;
  int64_t terms_version = 0;
  absl::CivilDay period_start;  // of the postings' business time; a closed one sends them later
  int64_t points = 0;
  int64_t postings = 0;

  friend bool operator==(const PeriodFact&, const PeriodFact&) = default;
};

// What one leg of a posting means for settlement: its kind (FACT_KIND_UNSPECIFIED if none), the
// partner it counts for and its points in the kind's direction.
struct LegFact {
  v1::FactKind kind = v1::FACT_KIND_UNSPECIFIED;
  std::string partner_id;
  int64_t points = 0;
};
LegFact FactOfLeg(const account::v1::Posting& posting, const account::v1::Leg& leg);

// The version of the partner's terms in force at a time.
using TermsVersionAt = std::function<absl::StatusOr<int64_t>(const std::string&, absl::Time)>;

// One fact per (partner, kind, terms version, day), in that order.
absl::StatusOr<std::vector<DayFact>> FactsOf(
    const google::protobuf::RepeatedPtrField<account::v1::Posting>& postings,
    const TermsVersionAt& version_at);

}  // namespace coalition::settlement
