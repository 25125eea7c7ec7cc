// One unary gRPC call from any client in the tree (services calling each other, tools, bench,
// tests): the call carries the caller's name (x-coalition-caller) and a deadline, always, and a
// failure comes back as an absl::Status with the gRPC code and message (grpc_status.h).
//
//   ASSIGN_OR_RETURN(v1::ListPeriodsResponse periods,
//                    UnaryCall(*settlement, &v1::SettlementAdminService::Stub::ListPeriods,
//                              request, {.caller = "operator", .timeout = absl::Seconds(60)}));
//
// Callers that must see the wire status itself (its details, as the gateway's BadRequest; tests
// and load generators counting codes) use UnaryCallStatus, which fills `response` and returns the
// grpc::Status unconverted.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "services/common/grpc/call_context.h"
#include "services/common/grpc/grpc_status.h"

namespace coalition {

// caller and timeout have no defaults on purpose: every call names both (-Wextra refuses an
// initializer that leaves them out).
struct UnaryCallOptions {
  absl::string_view caller;
  absl::Duration timeout;
  // Wait for the channel to connect instead of failing fast (seeding a server still starting);
  // under load a failure to connect must count as one, so the default fails fast.
  bool wait_for_ready = false;
  // The partner a member read is limited to (x-coalition-member-scope), passed on as the gateway
  // set it.
  std::optional<std::string> member_scope = std::nullopt;
};

// A generated stub's blocking unary method, e.g. &v1::LedgerService::Stub::CreatePosting.
template <typename Stub, typename Request, typename Response>
using UnaryMethod = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&, Response*);

template <typename Stub, typename Request, typename Response>
grpc::Status UnaryCallStatus(Stub& stub, UnaryMethod<Stub, Request, Response> method,
                             const Request& request, Response& response,
                             const UnaryCallOptions& options) {
  grpc::ClientContext context;
  PrepareCall(context, options.caller, options.timeout);
  if (options.wait_for_ready) context.set_wait_for_ready(true);
  if (options.member_scope) {
    context.AddMetadata(std::string(kMemberScopeMetadataKey), *options.member_scope);
  }
  return (stub.*method)(&context, request, &response);
}

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> UnaryCall(Stub& stub, UnaryMethod<Stub, Request, Response> method,
                                   const Request& request, const UnaryCallOptions& options) {
  Response response;
  const grpc::Status status = UnaryCallStatus(stub, method, request, response, options);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

}  // namespace coalition
