// A whole small file (a certificate, a key) as a string; empty if it cannot be read, which the
// TLS layer then reports in its own terms.
#pragma once

#include <string>

namespace coalition {

std::string ReadFile(const std::string& path);

}  // namespace coalition
