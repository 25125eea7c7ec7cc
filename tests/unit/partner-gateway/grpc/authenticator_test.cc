// The caller's address as the rate limiter keys it: the peer without its port.
#include "partner-gateway/grpc/authenticator.h"

#include "gtest/gtest.h"

namespace coalition::gateway {
namespace {

TEST(PeerAddress, DropsThePortOnly) {
  EXPECT_EQ(PeerAddress("ipv4:10.0.0.7:51234"), "ipv4:10.0.0.7");
  EXPECT_EQ(PeerAddress("ipv6:[::1]:51234"), "ipv6:[::1]");
  EXPECT_EQ(PeerAddress("ipv6:[2001:db8::7]:443"), "ipv6:[2001:db8::7]");
  EXPECT_EQ(PeerAddress("unix:/run/gateway.sock"), "unix:/run/gateway.sock");
}

}  // namespace
}  // namespace coalition::gateway
