#include "tests/store/white_box.h"

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cppconn/exception.h"
#include "cppconn/resultset_metadata.h"
#include "services/common/mariadb/connection_pool.h"
#include "services/common/status_macros.h"

namespace coalition::testing {

const std::string& Row::Str(size_t column) const {
  static const std::string* const kEmpty = new std::string();
  const std::optional<std::string>& value = values_.at(column);
  return value ? *value : *kEmpty;
}

int64_t Row::Int(size_t column) const {
  int64_t value = 0;
  if (!Null(column) && !absl::SimpleAtoi(Str(column), &value)) return 0;
  return value;
}

WhiteBox::WhiteBox(std::unique_ptr<mariadb::Connection> connection)
    : connection_(std::move(connection)) {}
WhiteBox::WhiteBox(WhiteBox&&) noexcept = default;
WhiteBox::~WhiteBox() = default;

absl::StatusOr<WhiteBox> WhiteBox::Open(const std::string& schema) {
  const char* port = std::getenv("COALITION_DB_PORT");
  const char* password = std::getenv("COALITION_DB_PASSWORD");
  if (port == nullptr || password == nullptr) {
    return absl::FailedPreconditionError("COALITION_DB_PORT and COALITION_DB_PASSWORD are unset");
  }
  mariadb::DbConfig config;
  config.port = std::atoi(port);
  config.user = "coalition";
  config.password = password;
  config.schema = schema;
  ASSIGN_OR_RETURN(std::unique_ptr<mariadb::Connection> connection,
                   mariadb::ConnectionPool::Connect(config, /*use_schema=*/true));
  return WhiteBox(std::move(connection));
}

absl::StatusOr<std::vector<Row>> WhiteBox::Query(const std::string& sql,
                                                 const std::vector<std::string>& params) {
  try {
    sql::PreparedStatement& statement = connection_->Prepare(sql);
    for (size_t i = 0; i < params.size(); ++i) {
      statement.setString(static_cast<unsigned int>(i + 1), params[i]);
    }
    auto result = mariadb::Query(statement);
    const unsigned int columns = result->getMetaData()->getColumnCount();
    std::vector<Row> rows;
    while (result->next()) {
      std::vector<std::optional<std::string>> values;
      for (unsigned int column = 1; column <= columns; ++column) {
        if (result->isNull(column)) {
          values.emplace_back(std::nullopt);
        } else {
          values.emplace_back(result->getString(column).asStdString());
        }
      }
      rows.emplace_back(std::move(values));
    }
    return rows;
  } catch (const sql::SQLException& e) {
    return absl::InternalError(
        absl::StrCat(sql, ": MariaDB error ", e.getErrorCode(), ": ", e.what()));
  }
}

absl::Status WhiteBox::Execute(const std::string& sql) {
  try {
    connection_->Execute(sql);
    return absl::OkStatus();
  } catch (const sql::SQLException& e) {
    return absl::InternalError(
        absl::StrCat(sql, ": MariaDB error ", e.getErrorCode(), ": ", e.what()));
  }
}

}  // namespace coalition::testing
