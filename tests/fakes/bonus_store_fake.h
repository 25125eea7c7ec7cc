// The fake of BonusStore (services/account/bonus_store.h): the program a test sets is the one in
// force. Faults (faults.h) may fail reading it.
#pragma once

#include "services/account/bonus_store.h"
#include "services/common/status_macros.h"
#include "tests/fakes/faults.h"

namespace coalition::account {

class FakeBonusStore final : public BonusStore {
 public:
  absl::StatusOr<v1::BonusProgram> Publish(const RequestKey&,
                                           const v1::BonusProgram& published) override {
    program = published;
    return program;
  }
  absl::StatusOr<v1::BonusProgram> Current() override {
    RETURN_IF_ERROR(Before(faults, "BonusProgram"));
    RETURN_IF_ERROR(After(faults));
    return program;
  }

  v1::BonusProgram program;
  Faults* faults = nullptr;
};

}  // namespace coalition::account
