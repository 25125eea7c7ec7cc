#include "bench/settlement_close.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "coalition/settlement/v1/settlement.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/common/grpc/unary_call.h"
#include "services/common/status_macros.h"

namespace coalition::bench {

absl::StatusOr<CloseTiming> TimeSettlementClose(const std::string& address,
                                                int64_t target_sequence) {
  auto settlement = settlement::v1::SettlementAdminService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  const absl::CivilDay yesterday = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()) - 1;
  settlement::v1::ClosePeriodRequest request;
  request.set_request_id(absl::StrCat("bench-close-", absl::ToUnixMicros(absl::Now())));
  request.set_period_start(absl::FormatCivilTime(yesterday));

  CloseTiming timing;
  const absl::Time start = absl::Now();
  settlement::v1::Period period;
  do {  // each call follows a bounded batch of the ledger
    ASSIGN_OR_RETURN(
        period, UnaryCall(*settlement, &settlement::v1::SettlementAdminService::Stub::ClosePeriod,
                          request, {.caller = "operator", .timeout = absl::Minutes(5)}));
    ++timing.statement_calls;
  } while (period.state() == settlement::v1::Period::OPEN);
  timing.elapsed = absl::Now() - start;
  timing.postings_read = period.closed_at_sequence();
  if (timing.postings_read < target_sequence) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the period closed at #", timing.postings_read, ", before #", target_sequence));
  }
  return timing;
}

}  // namespace coalition::bench
