// JSON rows for JSON_TABLE parameters: integer and string cells, in row and column order, with
// strings escaped so that no id can break out of its cell.
#include "services/common/mariadb/json_rows.h"

#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coalition::mariadb {
namespace {

TEST(JsonRows, NoRowsIsAnEmptyArray) {
  const JsonRows rows;
  EXPECT_EQ(rows.Json(), "[]");
  EXPECT_TRUE(rows.empty());
  EXPECT_EQ(rows.rows(), 0u);
  EXPECT_EQ(JsonRowsOf(std::vector<int>{}, [](int i) { return std::tuple(i); }), "[]");
}

TEST(JsonRows, RowsKeepTheirOrderAndTheirCellsTheColumnOrder) {
  JsonRows rows;
  rows.Add(int64_t{1}, int64_t{2});
  rows.Add(3, int64_t{-4});
  rows.Add(std::numeric_limits<int64_t>::min(), size_t{18446744073709551615u});
  EXPECT_EQ(rows.Json(), "[[1,2],[3,-4],[-9223372036854775808,18446744073709551615]]");
  EXPECT_EQ(rows.rows(), 3u);
  EXPECT_FALSE(rows.empty());
}

TEST(JsonRows, AOneColumnRowIsStillAnArray) {
  JsonRows rows;
  rows.Add(7);
  rows.Add(9);
  EXPECT_EQ(rows.Json(), "[[7],[9]]");
}

TEST(JsonRows, StringCellsAreEscapedJsonStrings) {
  JsonRows rows;
  rows.Add(std::string("mbr_1"), 202611);
  rows.Add(std::string("a\"b\\c\n\x01"), 0);
  rows.Add("", -1);
  EXPECT_EQ(rows.Json(), R"([["mbr_1",202611],["a\"b\\c\u000a\u0001",0],["",-1]])");
}

TEST(JsonRows, JsonStringEscapesQuotesBackslashesAndControlCharactersOnly) {
  EXPECT_EQ(JsonString("plain id-1"), R"("plain id-1")");
  EXPECT_EQ(JsonString("\"\\"), R"("\"\\")");
  EXPECT_EQ(JsonString(std::string("\x00\x1f", 2)), R"("\u0000\u001f")");
  EXPECT_EQ(JsonString("\x7f\xc3\xa9"), "\"\x7f\xc3\xa9\"");  // DEL and UTF-8 pass as they are
}

TEST(JsonRows, ARangeBecomesOneRowPerElementThroughItsProjection) {
  struct Lot {
    int64_t account_id;
    int64_t points;
  };
  const std::vector<Lot> lots = {{7, 100}, {9, -40}};
  EXPECT_EQ(JsonRowsOf(lots, [](const Lot& l) { return std::tuple(l.account_id, l.points); }),
            "[[7,100],[9,-40]]");
}

}  // namespace
}  // namespace coalition::mariadb
