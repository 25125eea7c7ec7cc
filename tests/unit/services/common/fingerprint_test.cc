// Request fingerprints: everything but the request id.
#include "services/common/fingerprint.h"

#include "coalition/redemption/v1/redemption.pb.h"
#include "gtest/gtest.h"

namespace coalition {
namespace {

TEST(RequestFingerprint, IgnoresTheRequestIdAndSeesEverythingElse) {
  redemption::v1::RedeemRequest a;
  a.set_request_id("one");
  a.set_partner_id("hotel");
  a.set_member_id("mbr_1");
  a.set_points(400);
  redemption::v1::RedeemRequest b = a;
  b.set_request_id("two");
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(b));
  b.set_points(401);
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
  EXPECT_EQ(RequestFingerprint(a).size(), 64u);
}

}  // namespace
}  // namespace coalition
