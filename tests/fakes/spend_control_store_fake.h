// The fake of SpendControlStore (services/redemption/spend_control_store.h): no switch off and
// no limits; it records each spending it admits once by its id, as the MariaDB store does, and
// forgets it when told. Faults (faults.h) may fail an admission.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "services/common/status_macros.h"
#include "services/redemption/spend_control_store.h"
#include "tests/fakes/faults.h"

namespace coalition::redemption {

class FakeSpendControlStore final : public SpendControlStore {
 public:
  absl::Status Admit(const RequestKey&, const Spending& spending, absl::Time) override {
    RETURN_IF_ERROR(Before(faults, "Admit"));
    spendings.try_emplace(spending.spending_id, spending.points);
    return After(faults);
  }
  absl::Status RefuseIfSwitchedOff(const RequestKey&, const Spending&, absl::Time) override {
    return absl::OkStatus();
  }
  absl::Status Forget(const std::string& spending_id) override {
    spendings.erase(spending_id);
    return absl::OkStatus();
  }
  absl::Status Prune(absl::Time) override { return absl::OkStatus(); }
  absl::StatusOr<v1::PartnerRedemptions> SetSwitch(const RequestKey&,
                                                   const v1::SetPartnerRedemptionsRequest&,
                                                   absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<v1::BurnLimits> SetLimits(const RequestKey&, const v1::BurnLimits&,
                                           absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<v1::BurnLimits> Limits() override { return v1::BurnLimits{}; }
  absl::StatusOr<std::vector<v1::BurnRefusal>> Refusals(const std::string&, const std::string&,
                                                        int) override {
    return absl::UnimplementedError("not faked");
  }

  std::map<std::string, int64_t> spendings;  // points by spending id
  Faults* faults = nullptr;
};

}  // namespace coalition::redemption
