// An AccountApi reaching the account service over the network, at --account_address.
#pragma once

#include <memory>
#include <string>

#include "services/account/client/grpc/grpc_account_api.h"

namespace coalition::account {

std::unique_ptr<GrpcAccountApi> RemoteAccountApiFromFlags(const std::string& caller);

}  // namespace coalition::account
