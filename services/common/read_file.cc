#include "services/common/read_file.h"

#include <fstream>
#include <sstream>

namespace coalition {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

}  // namespace coalition
