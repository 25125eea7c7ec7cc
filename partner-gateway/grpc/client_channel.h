// A client's channel to the gateway over mutual TLS, with the certificate of `identity`
// ("operator", "partner:<id>", "mobile:<id>") from `tls_dir` as scripts/certs.sh lays it out
// (ca.pem, and partner-<id>.pem/.key for "partner:<id>"). An empty identity presents no
// certificate. The gateway's certificate is checked as "localhost".
//
//   auto channel = GatewayChannel("127.0.0.1:8443", "var/run/certs", "partner:hotel");
#pragma once

#include <memory>
#include <string>

#include "grpcpp/channel.h"

namespace coalition::gateway {

std::shared_ptr<grpc::Channel> GatewayChannel(const std::string& target, const std::string& tls_dir,
                                              const std::string& identity);

}  // namespace coalition::gateway
