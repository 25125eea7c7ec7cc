// Storage of the alerts raised about partners (a pre-paid block below its low-water mark: the
// ledger writer records them with the posting that crossed it).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "coalition/admin/v1/admin.pb.h"

namespace coalition::account {

class PartnerAlertStore {
 public:
  static constexpr int kMaxAlerts = 100;

  virtual ~PartnerAlertStore() = default;

  // The partner's newest alerts, newest first, at most kMaxAlerts.
  virtual absl::StatusOr<admin::v1::ListPartnerAlertsResponse> Recent(
      const std::string& partner_id) = 0;
};

}  // namespace coalition::account
