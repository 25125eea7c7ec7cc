// The audit log on MariaDB (migrations/0001_audit_log.sql): appends chain each record to the
// last under that row's lock, so the chain has no forks however many calls finish at once. What
// each call gets written is call_audit.h's to decide.
//
//   AuditLog log(pool);
//   RETURN_IF_ERROR(log.Append(record));  // sequence and hashes are filled in
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "coalition/gateway/v1/audit.pb.h"
#include "services/common/mariadb/connection_pool.h"

namespace coalition::gateway {

class AuditLog {
 public:
  explicit AuditLog(mariadb::ConnectionPool& pool) : pool_(pool) {}

  absl::Status Append(v1::AuditRecord record);
  absl::StatusOr<v1::ListAuditRecordsResponse> List(const v1::ListAuditRecordsRequest& request);

 private:
  mariadb::ConnectionPool& pool_;
};

}  // namespace coalition::gateway
