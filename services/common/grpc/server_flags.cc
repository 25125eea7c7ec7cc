#include "services/common/grpc/server_flags.h"

#include <algorithm>

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:0", "address to serve on (port 0: any free port)");
ABSL_FLAG(std::string, port_file, "", "if set, the bound port is written here once serving");
ABSL_FLAG(int, max_threads, 256,
          "threads serving unary calls at once (2 at least); beyond them, calls are refused "
          "RESOURCE_EXHAUSTED. Streams take none");

namespace coalition {

ServeOptions ServeOptionsFromFlags(const std::string& component) {
  ServeOptions options;
  options.component = component;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.port_file = absl::GetFlag(FLAGS_port_file);
  options.max_threads = std::max(2, absl::GetFlag(FLAGS_max_threads));
  return options;
}

}  // namespace coalition
