// The fake of RequestClaims (services/common/request_claims.h) for tests about one attempt:
// every request runs, none is a copy of another.
#pragma once

#include <string>

#include "services/common/request_claims.h"

namespace coalition {

class RunEveryTimeClaims final : public RequestClaims {
 public:
  absl::StatusOr<Claim> Acquire(const RequestKey&) override {
    return Claim{"runner", absl::OkStatus(), ""};
  }
  absl::StatusOr<bool> Record(const RequestKey&, const std::string&, const absl::Status&,
                              const std::string&) override {
    return true;
  }
  absl::Status Release(const RequestKey&, const std::string&) override { return absl::OkStatus(); }
  absl::Status Abandon(const RequestKey&, const std::string&) override { return absl::OkStatus(); }
};

}  // namespace coalition
