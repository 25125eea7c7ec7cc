#include "tests/faults/reconcile.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/status_macros.h"
#include "tests/faults/retry.h"

namespace coalition::faults {
namespace {

using redemption::v1::RedemptionAdminService;

constexpr char kJournalHolds[] = "holds closed without an answer saying so";
// More than the 30 s after which work a crash interrupted counts as interrupted (redemption.h's
// kInterruptedAfter), and than any short hold's TTL (workload.cc).
constexpr absl::Duration kClockStep = absl::Seconds(31);
constexpr int kRestRounds = 30;

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> CallOk(Stub& stub,
                                grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                             Response*),
                                const Request& request, absl::string_view caller = "operator") {
  RetryCounts ignored;
  Answer<Response> answer =
      SendUntilDefinitive(stub, method, request, caller, RetryPolicy{}, ignored);
  if (!answer.status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(answer.status.error_code()),
                        answer.status.error_message());
  }
  return answer.response;
}

// Closes being claimed, refunds reserved and orders taken but not yet spent.
absl::StatusOr<int64_t> CountUnfinished(WhiteBox& redemption_db) {
  ASSIGN_OR_RETURN(
      const std::vector<Row> count,
      redemption_db.Query(
          "SELECT (SELECT COUNT(*) FROM holds WHERE state = 1 AND closing_state IS NOT NULL)"
          " + (SELECT COUNT(*) FROM redemption_refunds WHERE posting_sequence IS NULL)"
          " + (SELECT COUNT(*) FROM reward_orders WHERE redemption_id IS NULL)"));
  return count.at(0).Int(0);
}

}  // namespace

absl::StatusOr<RestFigures> BringToRest(testing::Platform& platform, Clients& clients,
                                        Journal& journal, Findings& findings) {
  RestFigures figures;
  // Rather than wait out the 30 s after which the sweeper finishes interrupted work, move the
  // redemption service's clock on: only it reads that clock, and the workload is over.
  sandbox::v1::AdvanceClockRequest advance;
  advance.set_seconds(absl::ToInt64Seconds(kClockStep));
  RETURN_IF_ERROR(CallOk(clients.redemption_clock(),
                         &sandbox::v1::SandboxClockService::Stub::AdvanceClock, advance)
                      .status());
  figures.redemption_clock_moved = true;

  ASSIGN_OR_RETURN(WhiteBox redemption_db, WhiteBox::Open(platform.schema("redemption")));
  for (int round = 0;; ++round) {
    for (bool complete = false; !complete;) {
      ASSIGN_OR_RETURN(
          const redemption::v1::ReleaseExpiredHoldsResponse released,
          CallOk(clients.redemption_admin(), &RedemptionAdminService::Stub::ReleaseExpiredHolds,
                 redemption::v1::ReleaseExpiredHoldsRequest{}));
      complete = released.complete();
    }
    RETURN_IF_ERROR(CallOk(clients.redemption_admin(),
                           &RedemptionAdminService::Stub::FinishInterrupted,
                           redemption::v1::FinishInterruptedRequest{})
                        .status());
    ASSIGN_OR_RETURN(const int64_t unfinished, CountUnfinished(redemption_db));
    if (unfinished == 0 || round == kRestRounds) break;  // what is left, the checks report
    absl::SleepFor(absl::Seconds(1));
  }

  // The holds the workload did not close: still held, or released by the sweeper.
  std::vector<redemption::v1::Hold> open;
  for (const auto& [id, known] : journal.holds()) {
    if (known.closed.state() == redemption::v1::Hold::STATE_UNSPECIFIED) open.push_back(known.held);
  }
  findings.Checked(kJournalHolds);
  for (const redemption::v1::Hold& held : open) {
    redemption::v1::GetHoldRequest request;
    request.set_hold_id(held.hold_id());
    ASSIGN_OR_RETURN(const redemption::v1::Hold now,
                     CallOk(clients.redemption(), &redemption::v1::RedemptionService::Stub::GetHold,
                            request, PartnerCaller(held.partner_id())));
    if (now.state() == redemption::v1::Hold::EXPIRED) {
      journal.HoldExpired(now);
      ++figures.holds_expired;
    } else if (now.state() == redemption::v1::Hold::HELD) {
      ++figures.holds_left_open;
    } else {
      findings.Add(kJournalHolds, absl::StrCat("hold ", held.hold_id(), " is ",
                                               redemption::v1::Hold::State_Name(now.state()),
                                               " but no capture or void of it was answered OK"));
    }
  }
  return figures;
}

absl::Status Reconcile(testing::Platform& platform, Clients& clients, const Coalition& coalition,
                       const Journal& journal, Findings& findings) {
  ASSIGN_OR_RETURN(WhiteBox account_db, WhiteBox::Open(platform.schema("account")));
  ASSIGN_OR_RETURN(WhiteBox earning_db, WhiteBox::Open(platform.schema("earning")));
  ASSIGN_OR_RETURN(WhiteBox redemption_db, WhiteBox::Open(platform.schema("redemption")));
  ASSIGN_OR_RETURN(LedgerView ledger, LedgerView::Read(account_db));
  RETURN_IF_ERROR(CheckAccounts(clients, account_db, journal, ledger, findings));
  RETURN_IF_ERROR(CheckEarning(earning_db, journal, ledger, findings));
  RETURN_IF_ERROR(CheckRedemption(redemption_db, coalition, journal, ledger, findings));
  ledger.ReportUnclaimed(findings);
  return absl::OkStatus();
}

}  // namespace coalition::faults
