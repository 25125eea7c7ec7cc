// MariaDbPurchaseStore's lapse runs (declared in mariadb_purchase_store.h).
#include "absl/strings/str_cat.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/mariadb/job_runs.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"
#include "services/earning/store/mariadb_purchase_store.h"

namespace coalition::earning {
namespace {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

absl::StatusOr<v1::PendingLapseRun> ReadRun(Connection& db, int64_t run_id) {
  sql::PreparedStatement& read =
      db.Prepare("SELECT as_of_us, complete, purchases FROM pending_lapse_runs WHERE run_id = ?");
  read.setInt64(1, run_id);
  auto rows = Query(read);
  if (!rows->next()) return absl::InternalError(absl::StrCat("lapse run ", run_id, " vanished"));
  v1::PendingLapseRun run;
  run.set_run_id(std::to_string(run_id));
  *run.mutable_as_of() = MicrosToProtoTime(rows->getInt64("as_of_us"));
  run.set_complete(rows->getBoolean("complete"));
  run.set_purchases(rows->getInt64("purchases"));
  return run;
}

}  // namespace

absl::StatusOr<v1::PendingLapseRun> MariaDbPurchaseStore::StartLapseRun(const RequestKey& key,
                                                                        absl::Time now) {
  v1::PendingLapseRun run;
  RETURN_IF_ERROR(
      mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
        ASSIGN_OR_RETURN(const int64_t run_id,
                         mariadb::job_runs::FindOrStart(db, "pending_lapse_runs", key, now));
        ASSIGN_OR_RETURN(run, ReadRun(db, run_id));
        return absl::OkStatus();
      }));
  return run;
}

absl::StatusOr<std::vector<std::string>> MariaDbPurchaseStore::PurchasesToLapse(absl::Time as_of,
                                                                                int limit) {
  std::vector<std::string> purchases;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& find = db.Prepare(
        "SELECT purchase_id FROM purchases WHERE state = ? AND pending_until_us <= ?"
        " ORDER BY pending_until_us LIMIT ?");
    find.setInt(1, v1::Purchase::PENDING);
    find.setInt64(2, absl::ToUnixMicros(as_of));
    find.setInt(3, limit);
    for (auto rows = Query(find); rows->next();) {
      purchases.push_back(GetString(*rows, "purchase_id"));
    }
    return absl::OkStatus();
  }));
  return purchases;
}

absl::StatusOr<v1::PendingLapseRun> MariaDbPurchaseStore::EndLapseStep(
    const v1::PendingLapseRun& run, int64_t lapsed, bool complete) {
  v1::PendingLapseRun ended;
  RETURN_IF_ERROR(pool_.InTransaction([&](Connection& db) -> absl::Status {
    const int64_t run_id = std::stoll(run.run_id());
    sql::PreparedStatement& count =
        db.Prepare("UPDATE pending_lapse_runs SET purchases = purchases + ? WHERE run_id = ?");
    count.setInt64(1, lapsed);
    count.setInt64(2, run_id);
    count.executeUpdate();
    if (complete) mariadb::job_runs::MarkComplete(db, "pending_lapse_runs", run_id);
    ASSIGN_OR_RETURN(ended, ReadRun(db, run_id));
    return absl::OkStatus();
  }));
  return ended;
}

}  // namespace coalition::earning
