#include "partner-gateway/store/audit_log.h"

#include "absl/strings/str_cat.h"
#include "partner-gateway/audit_chain.h"
#include "services/common/mariadb/duplicate_keys.h"
#include "services/common/page_token.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace coalition::gateway {

using mariadb::Connection;
using mariadb::GetString;
using mariadb::Query;

absl::Status AuditLog::Append(v1::AuditRecord record) {
  // Two first records racing take the same sequence: the loser's duplicate key replays it.
  return mariadb::InTransactionReplayingDuplicates(pool_, [&](Connection& db) -> absl::Status {
    auto last = Query(db.Prepare(
        "SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1 FOR UPDATE"));
    record.set_sequence(1);
    record.set_previous_hash(kGenesisHash);
    if (last->next()) {
      record.set_sequence(last->getInt64("sequence") + 1);
      record.set_previous_hash(GetString(*last, "hash"));
    }
    record.set_hash(AuditHash(record));
    sql::PreparedStatement& insert = db.Prepare(
        "INSERT INTO audit_log (sequence, time_us, caller, role, method, request_sha256,"
        " status_code, previous_hash, hash, aggregated_refusals)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.setInt64(1, record.sequence());
    insert.setInt64(2, ProtoTimeToMicros(record.time()));
    insert.setString(3, record.caller());
    insert.setString(4, record.role());
    insert.setString(5, record.method());
    insert.setString(6, record.request_sha256());
    insert.setInt(7, record.status_code());
    insert.setString(8, record.previous_hash());
    insert.setString(9, record.hash());
    insert.setInt64(10, record.aggregated_refusals());
    insert.executeUpdate();
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::ListAuditRecordsResponse> AuditLog::List(
    const v1::ListAuditRecordsRequest& request) {
  ASSIGN_OR_RETURN(const int32_t limit, PageSize(request.page_size(), 1000, 5000));
  v1::ListAuditRecordsResponse response;
  RETURN_IF_ERROR(pool_.WithConnection([&](Connection& db) -> absl::Status {
    sql::PreparedStatement& read = db.Prepare(
        "SELECT sequence, time_us, caller, role, method, request_sha256, status_code,"
        " previous_hash, hash, aggregated_refusals FROM audit_log WHERE sequence > ?"
        " ORDER BY sequence LIMIT ?");
    read.setInt64(1, request.after_sequence());
    read.setInt(2, limit);
    for (auto rows = Query(read); rows->next();) {
      v1::AuditRecord& record = *response.add_records();
      record.set_sequence(rows->getInt64("sequence"));
      *record.mutable_time() = MicrosToProtoTime(rows->getInt64("time_us"));
      record.set_caller(GetString(*rows, "caller"));
      record.set_role(GetString(*rows, "role"));
      record.set_method(GetString(*rows, "method"));
      record.set_request_sha256(GetString(*rows, "request_sha256"));
      record.set_status_code(rows->getInt("status_code"));
      record.set_previous_hash(GetString(*rows, "previous_hash"));
      record.set_hash(GetString(*rows, "hash"));
      record.set_aggregated_refusals(rows->getInt64("aggregated_refusals"));
    }
    return absl::OkStatus();
  }));
  return response;
}

}  // namespace coalition::gateway
