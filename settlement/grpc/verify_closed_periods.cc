#include "settlement/grpc/verify_closed_periods.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/grpc/unary_call.h"
#include "services/common/limits.h"
#include "services/common/status_macros.h"
#include "settlement/ledger_recount.h"

namespace coalition::settlement {
namespace {

constexpr absl::Duration kCallTimeout = absl::Seconds(60);

}  // namespace

absl::StatusOr<Verification> VerifyClosedPeriods(
    account::v1::AccountAdminService::Stub& ledger, v1::SettlementAdminService::Stub& settlement,
    absl::string_view caller, const std::function<void(int64_t, int64_t)>& progress) {
  v1::ListPeriodsRequest list;
  list.set_page_size(kMaxPageSize);
  const UnaryCallOptions options{.caller = caller, .timeout = kCallTimeout};
  ASSIGN_OR_RETURN(
      const v1::ListPeriodsResponse periods,
      UnaryCall(settlement, &v1::SettlementAdminService::Stub::ListPeriods, list, options));
  std::vector<v1::Period> closed;
  for (const v1::Period& period : periods.periods()) {
    if (period.state() == v1::Period::CLOSED) closed.push_back(period);
  }
  std::reverse(closed.begin(), closed.end());  // oldest first
  LedgerRecount recount(closed);

  Verification verification;
  verification.periods = static_cast<int>(closed.size());
  verification.last_sequence = recount.last_sequence();
  int64_t after = 0;
  while (after < recount.last_sequence()) {
    account::v1::ListPostingsRequest page_request;
    page_request.set_after_sequence(after);
    page_request.set_page_size(kMaxPostingsPage);
    ASSIGN_OR_RETURN(const account::v1::ListPostingsResponse page,
                     UnaryCall(ledger, &account::v1::AccountAdminService::Stub::ListLedgerPostings,
                               page_request, options));
    if (page.postings().empty()) {
      return absl::DataLossError(absl::StrCat("the ledger ends at ", after,
                                              " but a period "
                                              "closed at ",
                                              recount.last_sequence()));
    }
    for (const account::v1::Posting& posting : page.postings()) {
      if (posting.sequence() > recount.last_sequence()) break;
      recount.Add(posting);
      ++verification.postings_read;
    }
    after = page.next_after_sequence();
    if (progress) progress(std::min(after, recount.last_sequence()), recount.last_sequence());
  }
  for (const v1::Period& period : closed) {
    v1::GetPeriodReportRequest report_request;
    report_request.set_period_start(period.period_start());
    ASSIGN_OR_RETURN(const v1::PeriodReport report,
                     UnaryCall(settlement, &v1::SettlementAdminService::Stub::GetPeriodReport,
                               report_request, options));
    for (std::string& difference : recount.Differences(report)) {
      verification.differences.push_back(std::move(difference));
    }
  }
  return verification;
}

}  // namespace coalition::settlement
