#include "bench/settlement_close.h"

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "coalition/settlement/v1/settlement.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/common/call_context.h"
#include "services/common/grpc_status.h"

namespace coalition::bench {

absl::StatusOr<CloseTiming> TimeSettlementClose(const std::string& address,
                                                int64_t target_sequence) {
  auto settlement = settlement::v1::SettlementService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  settlement::v1::GetStatementRequest request;
  request.set_period_start(absl::FormatCivilTime(today - 1));
  request.set_period_end(absl::FormatCivilTime(today + 1));

  CloseTiming timing;
  const absl::Time start = absl::Now();
  // Each statement reads at most a bounded batch of the ledger before answering.
  while (timing.postings_read < target_sequence) {
    grpc::ClientContext context;
    PrepareCall(context, "operator", absl::Minutes(5));
    settlement::v1::Statement statement;
    grpc::Status status = settlement->GetStatement(&context, request, &statement);
    if (!status.ok()) return FromGrpcStatus(status);
    ++timing.statement_calls;
    if (statement.ledger_sequence() == timing.postings_read) {
      return absl::FailedPreconditionError("settlement stopped advancing before the target");
    }
    timing.postings_read = statement.ledger_sequence();
  }
  timing.elapsed = absl::Now() - start;
  return timing;
}

}  // namespace coalition::bench
