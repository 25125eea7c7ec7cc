// The settlement logic: a period's statement, one line per partner with activity, and the
// operator's margin. Periods are whole UTC days, [period_start, period_end).
//
//   Settlement settlement(store, follower, accounts);
//   absl::StatusOr<v1::Statement> statement = settlement.GetStatement(request);
#pragma once

#include "absl/status/statusor.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "services/account/client/account_api.h"
#include "services/account/client/partner_cache.h"
#include "settlement/ledger_follower.h"
#include "settlement/totals_store.h"

namespace coalition::settlement {

inline constexpr int kMaxPeriodDays = 366;

class Settlement {
 public:
  Settlement(TotalsStore& store, LedgerFollower& follower, account::AccountApi& accounts)
      : store_(store), follower_(follower), partners_(accounts) {}

  absl::StatusOr<v1::Statement> GetStatement(const v1::GetStatementRequest& request);

 private:
  TotalsStore& store_;
  LedgerFollower& follower_;
  account::PartnerCache partners_;
};

// "YYYY-MM-DD" as a day; INVALID_ARGUMENT naming `field` otherwise (including 2026-02-30).
absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view field, const std::string& text);

}  // namespace coalition::settlement
