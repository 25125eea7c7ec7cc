// The two lines every gRPC handler would otherwise repeat: unwrap a logic call's StatusOr into
// the response, and find out who is calling before a mutation.
//
//   grpc::Status EnrollMember(grpc::ServerContext* context, const EnrollMemberRequest* request,
//                             Member* response) override {
//     return ReplyAsCaller(*context, response, [&](const std::string& caller) {
//       return registry_.EnrollMember(caller, *request);
//     });
//   }
#pragma once

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"
#include "services/common/grpc/call_context.h"
#include "services/common/grpc/grpc_status.h"

namespace coalition {

template <typename T>
grpc::Status Reply(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

template <typename T, typename Call>
grpc::Status ReplyAsCaller(const grpc::ServerContext& context, T* response, Call call) {
  absl::StatusOr<std::string> caller = CallerOf(context);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return Reply<T>(call(*caller), response);
}

}  // namespace coalition
