#include "services/common/grpc/server_flags.h"

#include <algorithm>

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:0", "address to serve on (port 0: any free port)");
ABSL_FLAG(std::string, port_file, "", "if set, the bound port is written here once serving");
ABSL_FLAG(int, max_threads, 256,
          "threads serving unary calls at once (2 at least); beyond them, calls are refused "
          "RESOURCE_EXHAUSTED. Streams take none");
ABSL_FLAG(int, idle_threads, 32,
          "serving threads kept waiting for calls when idle (1 to --max_threads): gRPC's "
          "synchronous server ends a thread that finds more than this many waiting, and starts "
          "one again under the next burst");

namespace coalition {

ServeOptions ServeOptionsFromFlags(const std::string& component) {
  ServeOptions options;
  options.component = component;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.port_file = absl::GetFlag(FLAGS_port_file);
  options.max_threads = std::max(2, absl::GetFlag(FLAGS_max_threads));
  options.idle_threads = std::clamp(absl::GetFlag(FLAGS_idle_threads), 1, options.max_threads);
  return options;
}

}  // namespace coalition
