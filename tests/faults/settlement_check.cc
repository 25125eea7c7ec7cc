#include "tests/faults/settlement_check.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "settlement/grpc/verify_closed_periods.h"
#include "tests/faults/retry.h"

namespace coalition::faults {
namespace {

using settlement::v1::Period;
using settlement::v1::SettlementAdminService;

constexpr char kSettlement[] = "settlement close and verify";
constexpr int kMaxCloseCalls = 10'000;  // each follows a bounded part of the ledger

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> CallOk(Stub& stub,
                                grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                             Response*),
                                const Request& request) {
  RetryCounts ignored;
  Answer<Response> answer =
      SendUntilDefinitive(stub, method, request, "operator", RetryPolicy{}, ignored);
  if (!answer.status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(answer.status.error_code()),
                        answer.status.error_message());
  }
  return answer.response;
}

absl::Status EndToday(Clients& clients) {
  ASSIGN_OR_RETURN(
      const sandbox::v1::ClockTime now,
      CallOk(clients.settlement_clock(), &sandbox::v1::SandboxClockService::Stub::GetClockTime,
             sandbox::v1::GetClockTimeRequest{}));
  const absl::Time clock = absl::FromUnixMicros(ProtoTimeToMicros(now.now()));
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  const absl::Time after = absl::FromCivil(today + 1, absl::UTCTimeZone()) + absl::Minutes(1);
  if (clock >= after) return absl::OkStatus();
  sandbox::v1::AdvanceClockRequest advance;
  advance.set_seconds(absl::ToInt64Seconds(absl::Ceil(after - clock, absl::Seconds(1))));
  return CallOk(clients.settlement_clock(), &sandbox::v1::SandboxClockService::Stub::AdvanceClock,
                advance)
      .status();
}

}  // namespace

absl::StatusOr<SettlementFigures> CloseAndVerify(Clients& clients, absl::CivilDay first,
                                                 Findings& findings) {
  findings.Checked(kSettlement);
  SettlementFigures figures;
  RETURN_IF_ERROR(EndToday(clients));
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  for (absl::CivilDay day = first; day <= today; ++day) {
    settlement::v1::ClosePeriodRequest close;
    close.set_request_id(absl::StrCat("faults-close-", absl::FormatCivilTime(day)));
    close.set_period_start(absl::FormatCivilTime(day));
    absl::StatusOr<Period> period = absl::UnknownError("not called");
    for (int calls = 0; calls < kMaxCloseCalls; ++calls) {
      period =
          CallOk(clients.settlement_admin(), &SettlementAdminService::Stub::ClosePeriod, close);
      if (!period.ok() || period->state() == Period::CLOSED) break;
      absl::SleepFor(absl::Milliseconds(100));  // the ledger's young gaps settle in seconds
    }
    if (!period.ok() || period->state() != Period::CLOSED) {
      findings.Add(kSettlement, absl::StrCat("period ", close.period_start(), " did not close: ",
                                             period.ok() ? Period::State_Name(period->state())
                                                         : period.status().ToString()));
      continue;
    }
    ++figures.periods_closed;
  }
  ASSIGN_OR_RETURN(const settlement::Verification verified,
                   settlement::VerifyClosedPeriods(clients.account_admin(),
                                                   clients.settlement_admin(), "operator"));
  figures.postings_verified = verified.postings_read;
  for (const std::string& difference : verified.differences) {
    findings.Add(kSettlement, difference);
  }
  return figures;
}

}  // namespace coalition::faults
