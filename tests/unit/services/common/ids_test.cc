// Ids: new ones are random, derived ones stable and keyed by the service's secret.
#include "services/common/ids.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coalition {
namespace {

TEST(Ids, NewIdsAreRandomAndDerivedIdsAreStableAndKeyed) {
  EXPECT_NE(NewId("mbr"), NewId("mbr"));
  EXPECT_THAT(NewId("mbr"), ::testing::StartsWith("mbr_"));
  EXPECT_EQ(NewId("mbr").size(), 4u + 32u);
  const IdDeriver ids("service secret one");
  EXPECT_EQ(ids.Derive("hld", {"partner:hotel", "r1"}), ids.Derive("hld", {"partner:hotel", "r1"}));
  EXPECT_NE(ids.Derive("hld", {"partner:hotel", "r1"}), ids.Derive("hld", {"partner:hotel", "r2"}));
  EXPECT_NE(ids.Derive("hld", {"r1"}), ids.Derive("rdm", {"r1"}));
  EXPECT_EQ(ids.Derive("hld", {"r1"}).size(), 4u + 32u);
  // Parts are length-prefixed, so moving the boundary changes the id.
  EXPECT_NE(ids.Derive("hld", {"ab", "c"}), ids.Derive("hld", {"a", "bc"}));
  // Without the secret, the same key gives another id: ids cannot be computed from outside.
  EXPECT_NE(ids.Derive("hld", {"partner:hotel", "r1"}),
            IdDeriver("service secret two").Derive("hld", {"partner:hotel", "r1"}));
}

}  // namespace
}  // namespace coalition
