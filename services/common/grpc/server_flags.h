// The flags every binary shares for serving: --listen, --port_file, --max_threads and
// --idle_threads.
#pragma once

#include <string>

#include "services/common/grpc/server_runner.h"

namespace coalition {

ServeOptions ServeOptionsFromFlags(const std::string& component);

}  // namespace coalition
