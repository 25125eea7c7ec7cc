// Pre-paid partners' point blocks: buying one (a BLOCK_PURCHASE posting from the partner's
// PARTNER_ISSUED account into its PARTNER_PREPAID block, so settlement bills it as issued when
// bought), and the alerts recorded when accruals take a block below its low-water mark.
//
//   PointBlocks blocks(alerts, ledger, parties, clock);
//   ASSIGN_OR_RETURN(admin::v1::PointBlock block, blocks.Buy("operator", request));
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "coalition/admin/v1/admin.pb.h"
#include "services/account/ledger_store.h"
#include "services/account/partner_alert_store.h"
#include "services/account/party_store.h"
#include "services/common/clock.h"

namespace coalition::account {

class PointBlocks {
 public:
  PointBlocks(PartnerAlertStore& alerts, LedgerStore& ledger, PartyStore& parties,
              const Clock& clock)
      : alerts_(alerts), ledger_(ledger), parties_(parties), clock_(clock) {}

  absl::StatusOr<admin::v1::PointBlock> Buy(absl::string_view caller,
                                            const admin::v1::BuyPointBlockRequest& request);
  absl::StatusOr<admin::v1::ListPartnerAlertsResponse> Alerts(
      const admin::v1::ListPartnerAlertsRequest& request);

 private:
  PartnerAlertStore& alerts_;
  LedgerStore& ledger_;
  PartyStore& parties_;
  const Clock& clock_;
};

}  // namespace coalition::account
