#include "services/common/grpc/server_runner.h"

#include <chrono>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "services/common/log.h"
#include "services/common/grpc/server_process.h"

namespace coalition {

absl::Status Serve(const ServeOptions& options, const std::vector<grpc::Service*>& services,
                   const std::function<void(grpc::Server&)>& on_started,
                   const std::function<void()>& on_stopping,
                   const std::vector<AsyncServing*>& async) {
  QuietMutexChecksInRelease();
  RouteProtobufLogs();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen_address, grpc::InsecureServerCredentials(), &port);
  grpc::ResourceQuota quota(options.component);
  quota.SetMaxThreads(options.max_threads);
  builder.SetResourceQuota(quota);
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::unique_ptr<grpc::ServerCompletionQueue> queue;
  if (!async.empty()) queue = builder.AddCompletionQueue();

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen_address));
  }
  LogInfo(options.component,
          absl::StrCat("serving on ", options.listen_address, " (port ", port, ")"));
  std::thread drain;
  if (queue != nullptr) {
    drain = std::thread([&queue] {
      void* tag = nullptr;
      bool ok = false;
      while (queue->Next(&tag, &ok)) static_cast<AsyncEvent*>(tag)->Done(ok);
    });
    for (AsyncServing* part : async) part->StartServing(*queue);
  }
  // Ends the async parts and their queue, once the server has stopped taking calls.
  const auto stop_async = [&] {
    if (queue == nullptr) return;
    for (AsyncServing* part : async) part->WaitUntilQuiet();
    queue->Shutdown();
    drain.join();
  };
  if (on_started) on_started(*server);
  if (!options.port_file.empty()) {
    if (absl::Status written = WritePortFile(options.port_file, port); !written.ok()) {
      // Stopped as on a signal: what on_started began may already have open calls.
      if (on_stopping) on_stopping();
      server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
      server->Wait();
      stop_async();
      return written;
    }
  }

  const int signal_number = WaitForTerminationSignal();
  LogInfo(options.component, absl::StrCat("signal ", signal_number, ": shutting down"));
  server->GetHealthCheckService()->SetServingStatus(false);
  if (on_stopping) on_stopping();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  server->Wait();
  stop_async();
  return absl::OkStatus();
}

}  // namespace coalition
