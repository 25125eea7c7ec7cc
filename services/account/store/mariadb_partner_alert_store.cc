#include "services/account/store/mariadb_partner_alert_store.h"

#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::account {

absl::StatusOr<admin::v1::ListPartnerAlertsResponse> MariaDbPartnerAlertStore::Recent(
    const std::string& partner_id) {
  admin::v1::ListPartnerAlertsResponse response;
  RETURN_IF_ERROR(pool_.WithConnection([&](mariadb::Connection& db) -> absl::Status {
    sql::PreparedStatement& read = db.Prepare(
        "SELECT kind, prepaid_points, low_water_points, posting_sequence, alert_time_us"
        " FROM partner_alerts WHERE partner_id = ? ORDER BY id DESC LIMIT ?");
    read.setString(1, partner_id);
    read.setInt(2, kMaxAlerts);
    for (auto rows = mariadb::Query(read); rows->next();) {
      admin::v1::PartnerAlert& alert = *response.add_alerts();
      alert.set_partner_id(partner_id);
      alert.set_kind(mariadb::GetString(*rows, "kind"));
      alert.set_prepaid_points(rows->getInt64("prepaid_points"));
      alert.set_low_water_points(rows->getInt64("low_water_points"));
      alert.set_posting_sequence(rows->getInt64("posting_sequence"));
      *alert.mutable_alert_time() = MicrosToProtoTime(rows->getInt64("alert_time_us"));
    }
    return absl::OkStatus();
  }));
  return response;
}

}  // namespace coalition::account
