// The settlement logic: an ad-hoc statement of any whole UTC days [period_start, period_end), one
// line per partner with activity, and the operator's margin. It is priced from the follower's day
// facts exactly as a period's close prices its totals (PriceStatement: each line under the terms
// version in force at its postings' time, issuance by the volume of its tier month), so for the
// days of a period it agrees with the period's closed statement.
//
//   Settlement settlement(store, follower, accounts, terms, calendar);
//   absl::StatusOr<v1::Statement> statement = settlement.GetStatement(request);
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "services/account/client/account_api.h"
#include "services/account/client/partner_cache.h"
#include "settlement/ledger_follower.h"
#include "settlement/partner_terms_cache.h"
#include "settlement/period_calendar.h"
#include "settlement/totals_store.h"

namespace coalition::settlement {

inline constexpr int kMaxPeriodDays = 366;

// The terms version of day facts carried over from the day totals kept before facts had
// versions (migrations/0004_day_facts.sql): priced at the partner's terms in force now, as they
// always were.
inline constexpr int64_t kCarriedOverTermsVersion = -1;

class Settlement {
 public:
  Settlement(TotalsStore& store, LedgerFollower& follower, account::AccountApi& accounts,
             PartnerTermsCache& terms, PeriodCalendar calendar)
      : store_(store),
        follower_(follower),
        partners_(accounts),
        terms_(terms),
        calendar_(calendar) {}

  absl::StatusOr<v1::Statement> GetStatement(const v1::GetStatementRequest& request);

 private:
  TotalsStore& store_;
  LedgerFollower& follower_;
  account::PartnerCache partners_;
  PartnerTermsCache& terms_;
  const PeriodCalendar calendar_;
};

// "YYYY-MM-DD" as a day; INVALID_ARGUMENT naming `field` otherwise (including 2026-02-30).
absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view field, const std::string& text);

}  // namespace coalition::settlement
