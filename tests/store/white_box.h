// White-box access to a service's own schema, for tests and the fault harness's reconciliation:
// a query's rows as strings (NULL apart), and statements run as they are. The one test file that
// speaks SQL through the connector: Connector/C++ throws, and this turns that into a Status, so
// nothing above it sees an exception or names sql::.
//
//   ASSIGN_OR_RETURN(WhiteBox earning, WhiteBox::Open(platform.schema("earning")));
//   ASSIGN_OR_RETURN(std::vector<Row> rows, earning.Query("SELECT purchase_id, ... FROM
//   purchases")); rows[0].Str(0); rows[0].Int(4); rows[0].Null(5);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace coalition::mariadb {
class Connection;
}

namespace coalition::testing {

class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> values) : values_(std::move(values)) {}
  const std::string& Str(size_t column) const;  // "" for NULL
  int64_t Int(size_t column) const;             // 0 for NULL
  bool Null(size_t column) const { return !values_.at(column).has_value(); }

 private:
  std::vector<std::optional<std::string>> values_;
};

class WhiteBox {
 public:
  // A connection to `schema` on the MariaDB of COALITION_DB_PORT / COALITION_DB_PASSWORD.
  static absl::StatusOr<WhiteBox> Open(const std::string& schema);
  WhiteBox(WhiteBox&&) noexcept;
  ~WhiteBox();

  // The rows of `sql`, its ?s bound to `params` in order.
  absl::StatusOr<std::vector<Row>> Query(const std::string& sql,
                                         const std::vector<std::string>& params = {});
  // Runs `sql` (a write, START TRANSACTION, COMMIT ...).
  absl::Status Execute(const std::string& sql);

 private:
  explicit WhiteBox(std::unique_ptr<mariadb::Connection> connection);
  std::unique_ptr<mariadb::Connection> connection_;
};

}  // namespace coalition::testing
