// grpc.reflection.v1alpha.ServerReflection as the gateway serves it: to identified callers only
// (UNAUTHENTICATED otherwise), each seeing only what its role may call (api_view.h). It answers
// list_services, file_by_filename and file_containing_symbol; the API defines no extensions, so
// the extension requests find none.
//
// The gateway does not use gRPC's reflection plugin: that one answers anyone, and lists the
// services registered in the server (the gateway's own), not the API it forwards.
#pragma once

#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "partner-gateway/grpc/authenticator.h"

namespace coalition::gateway {

class ReflectionService final : public grpc::reflection::v1alpha::ServerReflection::Service {
 public:
  explicit ReflectionService(Authenticator& authenticator) : authenticator_(authenticator) {}

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::reflection::v1alpha::ServerReflectionResponse,
                               grpc::reflection::v1alpha::ServerReflectionRequest>* stream)
      override;

 private:
  Authenticator& authenticator_;
};

}  // namespace coalition::gateway
