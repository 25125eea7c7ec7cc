#include "services/account/client/grpc/remote_account_api.h"

#include "absl/flags/flag.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

ABSL_FLAG(std::string, account_address, "127.0.0.1:50061", "the account service");
ABSL_FLAG(int, account_timeout_ms, 5000, "deadline of each call to the account service");

namespace coalition::account {

std::unique_ptr<GrpcAccountApi> RemoteAccountApiFromFlags(const std::string& caller) {
  const std::string address = absl::GetFlag(FLAGS_account_address);
  return std::make_unique<GrpcAccountApi>(
      [address] { return grpc::CreateChannel(address, grpc::InsecureChannelCredentials()); },
      caller, absl::Milliseconds(absl::GetFlag(FLAGS_account_timeout_ms)));
}

}  // namespace coalition::account
