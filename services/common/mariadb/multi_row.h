// Set-based statements over any number of rows, without preparing a statement per row count: a
// server keeps at most max_prepared_stmt_count statements (16,382 by default) across every
// session, so a connection caching one statement per batch size would exhaust it. Rows go in
// chunks whose sizes are powers of two (largest first, at most kMaxRowsPerStatement), so each
// statement shape has at most eight variants, and n rows take at most about log2(n) statements.
//
//   ForEachChunk(rows.size(), [&](size_t first, size_t count) {
//     sql::PreparedStatement& insert = db.Prepare(
//         "INSERT INTO lots (account_id, points) VALUES " + RepeatRow("(?, ?)", count));
//     ... bind rows[first .. first + count) ...
//   });
#pragma once

#include <bit>
#include <cstddef>
#include <string>

namespace coalition::mariadb {

inline constexpr size_t kMaxRowsPerStatement = 128;

// "row, row, ..., row": `count` copies of a VALUES row or IN-list item.
inline std::string RepeatRow(const std::string& row, size_t count) {
  std::string sql;
  sql.reserve((row.size() + 2) * count);
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) sql += ", ";
    sql += row;
  }
  return sql;
}

// Calls `chunk(first, count)` over [0, n) in order, each count a power of two.
template <typename Chunk>
void ForEachChunk(size_t n, Chunk&& chunk) {
  size_t first = 0;
  while (first < n) {
    const size_t left = n - first;
    const size_t count = left >= kMaxRowsPerStatement ? kMaxRowsPerStatement : std::bit_floor(left);
    chunk(first, count);
    first += count;
  }
}

}  // namespace coalition::mariadb
