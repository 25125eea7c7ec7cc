// White-box reads of a service's own schema, for the reconciliation only: a query's rows as
// strings (NULL apart), read after the workload, when nothing writes any more. Connector/C++
// throws; this turns that into a Status, so nothing above it sees an exception.
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

namespace coalition::faults {

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

  absl::StatusOr<std::vector<Row>> Query(const std::string& sql);

 private:
  explicit WhiteBox(std::unique_ptr<mariadb::Connection> connection);
  std::unique_ptr<mariadb::Connection> connection_;
};

}  // namespace coalition::faults
