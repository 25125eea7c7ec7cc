#include "services/common/mariadb/sql_error.h"

#include "absl/strings/str_cat.h"
#include "services/common/log.h"

namespace coalition::mariadb {

bool IsConnectionLost(const sql::SQLException& e) {
  switch (e.getErrorCode()) {
    case 2002:  // can't connect through socket
    case 2003:  // can't connect to server
    case 2006:  // server has gone away
    case 2013:  // lost connection during query
    case 2055:  // lost connection at reading initial packet
    case 1927:  // connection was killed
      return true;
    default:
      return false;
  }
}

absl::Status StatusFromSqlException(const sql::SQLException& e, absl::string_view what) {
  const std::string detail = absl::StrCat(what, ": MariaDB error ", e.getErrorCode(), " (",
                                          e.getSQLStateCStr(), "): ", e.what());
  if (IsRetryable(e)) return absl::AbortedError(detail);
  if (IsConnectionLost(e)) return absl::UnavailableError(detail);
  if (e.getErrorCode() == kErrStatementTimeout) return absl::DeadlineExceededError(detail);
  LogError("mariadb", detail);
  return absl::InternalError(absl::StrCat(what, ": database error"));
}

}  // namespace coalition::mariadb
