#include "partner-gateway/grpc/client_channel.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/common/read_file.h"

namespace coalition::gateway {

std::shared_ptr<grpc::Channel> GatewayChannel(const std::string& target, const std::string& tls_dir,
                                              const std::string& identity) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = ReadFile(tls_dir + "/ca.pem");
  if (!identity.empty()) {
    std::string name = identity;
    std::replace(name.begin(), name.end(), ':', '-');
    tls.pem_private_key = ReadFile(absl::StrCat(tls_dir, "/", name, ".key"));
    tls.pem_cert_chain = ReadFile(absl::StrCat(tls_dir, "/", name, ".pem"));
  }
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  return grpc::CreateCustomChannel(target, grpc::SslCredentials(tls), args);
}

}  // namespace coalition::gateway
