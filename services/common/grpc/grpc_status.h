// absl::Status <-> grpc::Status, used only at the edges: in gRPC handlers and in the clients one
// service uses to call another.
#pragma once

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace coalition {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace coalition
