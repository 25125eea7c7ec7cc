#include "services/common/migration.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace coalition {
namespace {

// True when the chunk holds more than blank lines and `--` comments.
bool HasStatement(absl::string_view chunk) {
  for (absl::string_view line : absl::StrSplit(chunk, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!line.empty() && !absl::StartsWith(line, "--")) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> SplitSqlStatements(absl::string_view script) {
  std::vector<std::string> statements;
  std::string current;
  for (absl::string_view line : absl::StrSplit(script, '\n')) {
    absl::string_view trimmed = absl::StripTrailingAsciiWhitespace(line);
    const bool ends_statement = absl::EndsWith(trimmed, ";");
    if (ends_statement) trimmed.remove_suffix(1);
    current.append(trimmed.data(), trimmed.size());
    current.push_back('\n');
    if (ends_statement) {
      if (HasStatement(current))
        statements.push_back(std::string(absl::StripAsciiWhitespace(current)));
      current.clear();
    }
  }
  if (HasStatement(current)) statements.push_back(std::string(absl::StripAsciiWhitespace(current)));
  return statements;
}

}  // namespace coalition
