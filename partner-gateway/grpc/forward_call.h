// What every call shares, unary or streaming: the request as read, who sent it, and the
// admission that decides whether it goes on and prepares the upstream call.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/support/byte_buffer.h"
#include "partner-gateway/grpc/proxy.h"

namespace coalition::gateway {

class ForwardCall : public grpc::ServerGenericBidiReactor {
 protected:
  ForwardCall(grpc::GenericCallbackServerContext* context, GatewayProxy& gateway)
      : context_(context), gateway_(gateway) {}

  // Identity, rate limit, role, the request's content and the member scope, in that order. On
  // success `upstream_` names the caller (never the client's own claim), carries the scope and
  // the client's deadline, or `default_deadline` if it set none. A refusal by a rate limit also
  // sets the `retry-after-ms` trailer.
  absl::StatusOr<Backend> Admit(absl::Duration default_deadline);

  grpc::GenericCallbackServerContext* const context_;
  GatewayProxy& gateway_;
  grpc::ByteBuffer request_;
  grpc::ClientContext upstream_;
  std::optional<Identity> who_;  // once identified

 private:
  absl::StatusOr<Backend> Check(absl::Duration default_deadline);
};

grpc::Status ToGrpc(const absl::Status& status);
std::string Bytes(const grpc::ByteBuffer& buffer);

// A server-streaming call: one request checked as any other, then every message the service
// streams back, until it finishes or the client goes.
grpc::ServerGenericBidiReactor* NewStreamForward(grpc::GenericCallbackServerContext* context,
                                                 GatewayProxy& gateway);

}  // namespace coalition::gateway
