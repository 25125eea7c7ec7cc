// Migration scripts split into statements.
#include "services/common/migration.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coalition {
namespace {

using ::testing::HasSubstr;

TEST(SplitSqlStatements, SplitsAtLineEndSemicolonsAndDropsComments) {
  auto statements = SplitSqlStatements(
      "-- a comment;\nCREATE TABLE a (\n  x INT -- note; not an end\n);\n\n"
      "INSERT INTO a VALUES (1);\n-- trailing comment\n");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_THAT(statements[0], HasSubstr("CREATE TABLE a"));
  EXPECT_THAT(statements[0], HasSubstr("x INT"));
  EXPECT_EQ(statements[1], "INSERT INTO a VALUES (1)");
}

}  // namespace
}  // namespace coalition
