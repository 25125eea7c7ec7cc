// The flags every binary shares for serving: --listen, --port_file and --max_threads.
#pragma once

#include <string>

#include "services/common/grpc/server_runner.h"

namespace coalition {

ServeOptions ServeOptionsFromFlags(const std::string& component);

}  // namespace coalition
