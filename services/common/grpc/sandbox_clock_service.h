// The clock a service binary runs on: the system clock, or with --sandbox_clock a SandboxClock
// that the sandbox's SandboxClockService moves forward (tests and the quick start only).
//
//   ServiceClock clock = ServiceClock::FromFlags();
//   auto account = AccountService::Create(db, clock.clock(), ...);
//   services.push_back(clock.sandbox_service());  // nullptr unless --sandbox_clock
#pragma once

#include <memory>

#include "coalition/sandbox/v1/sandbox.grpc.pb.h"
#include "services/common/clock.h"

namespace coalition {

class SandboxClockHandler final : public sandbox::v1::SandboxClockService::Service {
 public:
  explicit SandboxClockHandler(SandboxClock& clock) : clock_(clock) {}

  grpc::Status AdvanceClock(grpc::ServerContext* context,
                            const sandbox::v1::AdvanceClockRequest* request,
                            sandbox::v1::ClockTime* response) override;
  grpc::Status GetClockTime(grpc::ServerContext* context,
                            const sandbox::v1::GetClockTimeRequest* request,
                            sandbox::v1::ClockTime* response) override;

 private:
  SandboxClock& clock_;
};

class ServiceClock {
 public:
  static std::unique_ptr<ServiceClock> FromFlags();

  const Clock& clock() const { return sandbox_ ? static_cast<const Clock&>(*sandbox_) : system_; }
  // What to serve beside the service's own APIs; nullptr unless the clock is a sandbox's.
  grpc::Service* sandbox_service() { return handler_.get(); }

 private:
  SystemClock system_;
  std::unique_ptr<SandboxClock> sandbox_;
  std::unique_ptr<SandboxClockHandler> handler_;
};

}  // namespace coalition
