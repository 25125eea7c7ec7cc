#include "services/common/grpc/sandbox_clock_service.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "services/common/proto_time.h"

ABSL_FLAG(bool, sandbox_clock, false,
          "run on a clock that SandboxClockService can move forward (tests and the quick start; "
          "never in production)");

namespace coalition {

namespace {
constexpr int64_t kMaxAdvanceSeconds = int64_t{10} * 366 * 24 * 3600;
}  // namespace

grpc::Status SandboxClockHandler::AdvanceClock(grpc::ServerContext*,
                                               const sandbox::v1::AdvanceClockRequest* request,
                                               sandbox::v1::ClockTime* response) {
  if (request->seconds() <= 0 || request->seconds() > kMaxAdvanceSeconds) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("seconds: must be between 1 and ", kMaxAdvanceSeconds,
                                     ", got ", request->seconds()));
  }
  *response->mutable_now() = ToProtoTime(clock_.Advance(absl::Seconds(request->seconds())));
  return grpc::Status::OK;
}

grpc::Status SandboxClockHandler::GetClockTime(grpc::ServerContext*,
                                               const sandbox::v1::GetClockTimeRequest*,
                                               sandbox::v1::ClockTime* response) {
  *response->mutable_now() = ToProtoTime(clock_.Now());
  return grpc::Status::OK;
}

std::unique_ptr<ServiceClock> ServiceClock::FromFlags() {
  auto clock = std::make_unique<ServiceClock>();
  if (absl::GetFlag(FLAGS_sandbox_clock)) {
    clock->sandbox_ = std::make_unique<SandboxClock>();
    clock->handler_ = std::make_unique<SandboxClockHandler>(*clock->sandbox_);
  }
  return clock;
}

}  // namespace coalition
