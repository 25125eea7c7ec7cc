#include "bench/report.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coalition::bench {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

LoadResult TwoSecondsOf(int64_t calls_ok) {
  LoadResult result;
  result.ok = calls_ok;
  result.measured = absl::Seconds(2);
  for (int64_t i = 0; i < calls_ok; ++i) result.latency_us.Record(1000);
  return result;
}

TEST(Report, ABatchRunCountsItemsAndSaysHowManyCallsCarriedThem) {
  LoadResult result = TwoSecondsOf(/*calls_ok=*/4);
  result.items_ok = 3990;
  result.item_errors[grpc::StatusCode::INVALID_ARGUMENT] = 10;
  result.errors[grpc::StatusCode::UNAVAILABLE] = 1;
  const RunLabel label{"bulk", "1000-per-call", {}, /*batch_size=*/1000};

  const std::string json = JsonLine(label, result, "abc1234");

  EXPECT_THAT(json, HasSubstr("\"ok\":3990,\"ok_per_s\":1995.0,"));
  EXPECT_THAT(json, HasSubstr("\"errors\":{\"14\":1},\"batch_size\":1000,\"calls_ok\":4,"
                              "\"item_errors\":{\"3\":10}}"));
  EXPECT_THAT(TableRow(label, result), HasSubstr("1995"));
  EXPECT_THAT(TableRow(label, result), HasSubstr("14:1 calls:4 items 3:10"));
}

TEST(Report, AOneItemRunCountsCallsAndHasNoBatchFields) {
  const LoadResult result = TwoSecondsOf(/*calls_ok=*/10);
  const RunLabel label{"earn", "skewed-20", {}};

  const std::string json = JsonLine(label, result, "abc1234");

  EXPECT_THAT(json, HasSubstr("\"ok\":10,\"ok_per_s\":5.0,"));
  EXPECT_THAT(json, HasSubstr("\"errors\":{}}"));
  EXPECT_THAT(json, Not(HasSubstr("batch_size")));
}

}  // namespace
}  // namespace coalition::bench
