// The flags every binary shares for serving: --listen and --port_file.
#pragma once

#include <string>

#include "services/common/server_runner.h"

namespace coalition {

ServeOptions ServeOptionsFromFlags(const std::string& component);

}  // namespace coalition
