// Maps Connector/C++ exceptions to absl::Status at the storage layer, never above it.
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "cppconn/exception.h"

namespace coalition::mariadb {

inline constexpr int kErrDuplicateKey = 1062;
inline constexpr int kErrLockWaitTimeout = 1205;
inline constexpr int kErrDeadlock = 1213;
inline constexpr int kErrStatementTimeout = 1969;

inline bool IsDuplicateKey(const sql::SQLException& e) {
  return e.getErrorCode() == kErrDuplicateKey;
}
inline bool IsRetryable(const sql::SQLException& e) {
  return e.getErrorCode() == kErrDeadlock || e.getErrorCode() == kErrLockWaitTimeout;
}
bool IsConnectionLost(const sql::SQLException& e);

// Deadlock / lock wait -> ABORTED; lost connection -> UNAVAILABLE; statement timeout ->
// DEADLINE_EXCEEDED; anything else -> INTERNAL (and logged: it is our bug or the server's).
absl::Status StatusFromSqlException(const sql::SQLException& e, absl::string_view what);

}  // namespace coalition::mariadb
