// Runs a gRPC server the same way for every Coalition binary: health checking and reflection on,
// a bounded thread pool, the chosen port written to a file (so tests can bind port 0), and a clean
// shutdown with a deadline on SIGTERM or SIGINT.
//
//   int main(int argc, char** argv) {
//     coalition::BlockTerminationSignals();  // first, before any thread exists
//     ...
//     return coalition::Serve(options, {&account, &ledger}).ok() ? 0 : 1;
//   }
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/server.h"
#include "services/common/grpc/async_serving.h"
#include "services/common/grpc/server_process.h"  // BlockTerminationSignals

namespace coalition {

struct ServeOptions {
  std::string component;                       // for logs
  std::string listen_address = "127.0.0.1:0";  // loopback until the gateway brings mTLS
  std::string port_file;                       // if set, receives the bound port
  // The synchronous pool that serves unary calls (--max_threads); beyond it, calls are refused
  // RESOURCE_EXHAUSTED. Streams on the asynchronous API (WatchMemberEvents) take none of it.
  int max_threads = 256;
};

// Starts the services, calls `on_started` with the running server, and blocks until SIGTERM or
// SIGINT; then calls `on_stopping` (to end open streams, which would otherwise last until the
// deadline), stops accepting calls and gives in-flight ones up to 5 s. Everything the services
// use must outlive this call: streams still open at the deadline are cancelled, and finish
// before it returns. `async` parts (async_serving.h) are served from one completion queue,
// drained on a thread of Serve's.
absl::Status Serve(const ServeOptions& options, const std::vector<grpc::Service*>& services,
                   const std::function<void(grpc::Server&)>& on_started = {},
                   const std::function<void()>& on_stopping = {},
                   const std::vector<AsyncServing*>& async = {});

}  // namespace coalition
