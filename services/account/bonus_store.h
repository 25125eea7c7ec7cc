// Storage of the operator's bonus program (versioned; the latest is in force).
#pragma once

#include "absl/status/statusor.h"
#include "coalition/account/v1/account.pb.h"
#include "services/common/request_key.h"

namespace coalition::account {

class BonusStore {
 public:
  virtual ~BonusStore() = default;

  // Inserts the program as the next version. A repeated RequestKey returns the version it made.
  virtual absl::StatusOr<v1::BonusProgram> Publish(const RequestKey& key,
                                                   const v1::BonusProgram& program) = 0;
  // The program in force (version 0, all zero, before any is set).
  virtual absl::StatusOr<v1::BonusProgram> Current() = 0;
};

}  // namespace coalition::account
