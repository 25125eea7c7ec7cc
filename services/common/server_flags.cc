#include "services/common/server_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:0", "address to serve on (port 0: any free port)");
ABSL_FLAG(std::string, port_file, "", "if set, the bound port is written here once serving");

namespace coalition {

ServeOptions ServeOptionsFromFlags(const std::string& component) {
  ServeOptions options;
  options.component = component;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.port_file = absl::GetFlag(FLAGS_port_file);
  return options;
}

}  // namespace coalition
