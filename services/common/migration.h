// One numbered schema change of a service. Services embed theirs at build time (see
// cmake/EmbedMigrations.cmake) and apply them at start (mariadb/migrate.h); a migration is never
// edited once it has landed: the runner refuses to start when an applied one has changed.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace coalition {

struct Migration {
  int version;
  const char* name;
  const char* sql;  // statements, each ending with ';' at the end of a line
};

// Splits a migration into statements at lines ending in ';', dropping comment-only chunks.
std::vector<std::string> SplitSqlStatements(absl::string_view script);

}  // namespace coalition
