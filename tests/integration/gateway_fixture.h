// A platform with the partner gateway in front of it, and clients that reach it over TLS with the
// certificates of the coalition's test CA.
#pragma once

#include <chrono>
#include <cstdlib>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "partner-gateway/grpc/client_channel.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {

// One call of `method` with `bytes` as its request, past any generated stub: for requests a stub
// could not send (undecodable, unknown fields) and methods the API does not have.
inline grpc::Status SendBytes(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                       const std::string& bytes) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, method, {}, &request, &response,
                 [&](grpc::Status status) { done.set_value(status); });
  return done.get_future().get();
}


class Gateway : public CoalitionTest {
 protected:
  // Certificates for `identities` from the coalition's test CA (in `dir`); made once per dir.
  void MakeCertificates(const std::string& dir, const std::vector<std::string>& identities) {
    std::string command = absl::StrCat(COALITION_SOURCE_DIR, "/scripts/certs.sh ", dir);
    for (const std::string& identity : identities) absl::StrAppend(&command, " ", identity);
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }

  // The gateway's flags: 5 calls a second, 10 at once, by default: enough for most tests, and
  // quick to trip.
  virtual std::vector<std::string> GatewayFlags() { return {"--rate_per_s=5", "--rate_burst=10"}; }

  void SetUp() override {
    if (gateway_port_ != 0) return;
    tls_dir_ = absl::StrCat(platform().work_dir(), "/certs");
    MakeCertificates(tls_dir_, {"operator"});
    absl::StatusOr<int> port = platform().StartGateway(tls_dir_, GatewayFlags());
    ASSERT_TRUE(port.ok()) << port.status();
    gateway_port_ = *port;
  }

  // A channel to the gateway as `identity` (its certificate from `dir`; none if empty).
  std::shared_ptr<grpc::Channel> ChannelAs(const std::string& identity,
                                           const std::string& dir = "") {
    return gateway::GatewayChannel(absl::StrCat("127.0.0.1:", gateway_port_),
                                   dir.empty() ? tls_dir_ : dir, identity);
  }

  // A partner with a certificate of its own.
  std::string CertifiedPartner() {
    const std::string partner = NewPartner();
    MakeCertificates(tls_dir_, {absl::StrCat("partner:", partner)});
    return partner;
  }

  static inline std::string tls_dir_;
  static inline int gateway_port_ = 0;
};

}  // namespace coalition::testing
