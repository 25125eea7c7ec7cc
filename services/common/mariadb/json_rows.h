// Rows for a JSON_TABLE parameter: one fixed statement whatever the number of rows, so the
// per-session statement cache stays small (multi_row.h's chunked VALUES rows are the other way).
// Cells are integers, or strings escaped as JSON string literals; no floating point (the
// ledger's numbers are integers).
//
//   JsonRows rows;
//   for (const Lot& lot : lots) rows.Add(lot.account_id, lot.points);  // [[7,100],[9,-40]]
//   insert.setString(1, rows.Json());
//   ... "JSON_TABLE(?, '$[*]' COLUMNS (account_id BIGINT PATH '$[0]', points BIGINT PATH '$[1]'))"
//
//   // The same from a range, a row's cells projected from each element:
//   JsonRowsOf(lots, [](const Lot& l) { return std::tuple(l.account_id, l.points); });
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "absl/strings/str_cat.h"

namespace coalition::mariadb {

// A JSON string literal of `text`: quotes and backslashes escaped, control characters as \u00XX.
// Ids are validated ASCII, but nothing here relies on that.
inline std::string JsonString(std::string_view text) {
  std::string json = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      json += '\\';
      json += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppend(&json, "\\u00", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
    } else {
      json += c;
    }
  }
  return json + "\"";
}

class JsonRows {
 public:
  // Appends one row of `cells`, in column order ('$[0]', '$[1]', ...).
  template <typename... Cells>
  void Add(const Cells&... cells) {
    static_assert(sizeof...(Cells) > 0, "a row has at least one cell");
    json_ += rows_ == 0 ? "[" : ",[";
    size_t column = 0;
    (AppendCell(column++, cells), ...);
    json_ += ']';
    ++rows_;
  }

  size_t rows() const { return rows_; }
  bool empty() const { return rows_ == 0; }
  // The array of the rows added so far: "[]" for none.
  std::string Json() const { return json_ + "]"; }

 private:
  template <typename Cell>
  void AppendCell(size_t column, const Cell& cell) {
    if (column > 0) json_ += ',';
    if constexpr (std::is_convertible_v<const Cell&, std::string_view>) {
      json_ += JsonString(cell);
    } else {
      static_assert(std::is_integral_v<Cell> && !std::is_same_v<Cell, bool>,
                    "a cell is an integer or a string");
      absl::StrAppend(&json_, cell);
    }
  }

  std::string json_ = "[";
  size_t rows_ = 0;
};

// The rows of `rows`, each one's cells the tuple `cells(row)` returns.
template <typename Rows, typename Cells>
std::string JsonRowsOf(const Rows& rows, Cells cells) {
  JsonRows json;
  for (const auto& row : rows) {
    std::apply([&](const auto&... cell) { json.Add(cell...); }, cells(row));
  }
  return json.Json();
}

}  // namespace coalition::mariadb
