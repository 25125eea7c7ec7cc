// Closing settlement periods and reading what they closed with.
//
// A close: catch the follower up with the ledger (page by page, never the whole ledger in
// memory); stop the period taking facts (CLOSING, at the follower's cursor, so later arrivals go
// to the next open period as late); price each partner's totals under their terms versions; keep
// the report and mark the period CLOSED. Each step is idempotent, so a close that crashed part way
// is finished by running it again, with the same result. Partners are read through caches (their
// currency: account::PartnerCache; their terms versions: PartnerTermsCache), so a close asks the
// account service about each partner once at most.
//
//   PeriodClosing closing(store, follower, accounts, terms, calendar, clock);
//   ASSIGN_OR_RETURN(v1::Period closed, closing.Close("operator", request));
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/settlement/v1/settlement.pb.h"
#include "services/account/client/account_api.h"
#include "services/account/client/partner_cache.h"
#include "services/common/clock.h"
#include "settlement/ledger_follower.h"
#include "settlement/partner_terms_cache.h"
#include "settlement/period_calendar.h"
#include "settlement/totals_store.h"

namespace coalition::settlement {

class PeriodClosing {
 public:
  PeriodClosing(TotalsStore& store, LedgerFollower& follower, account::AccountApi& accounts,
                PartnerTermsCache& terms, PeriodCalendar calendar, const Clock& clock)
      : store_(store),
        follower_(follower),
        partners_(accounts, clock),
        terms_(terms),
        calendar_(calendar),
        clock_(clock) {}

  absl::StatusOr<v1::Period> Close(const v1::ClosePeriodRequest& request);
  absl::StatusOr<v1::ListPeriodsResponse> List(const v1::ListPeriodsRequest& request);
  absl::StatusOr<v1::PeriodReport> Report(const v1::GetPeriodReportRequest& request);
  absl::StatusOr<v1::LiabilityReport> Liability();
  // PERMISSION_DENIED unless `caller` is the partner itself or the operator.
  absl::StatusOr<v1::PartnerStatement> PartnerStatement(
      absl::string_view caller, const v1::GetPartnerStatementRequest& request);

 private:
  // The first day of a period, from a request field (INVALID_ARGUMENT if it starts none).
  absl::StatusOr<absl::CivilDay> PeriodStart(const std::string& text) const;
  // Prices the closing period's totals into its report.
  absl::StatusOr<v1::PeriodReport> Price(const v1::Period& period, absl::CivilDay start);

  TotalsStore& store_;
  LedgerFollower& follower_;
  account::PartnerCache partners_;
  PartnerTermsCache& terms_;
  const PeriodCalendar calendar_;
  const Clock& clock_;
};

}  // namespace coalition::settlement
