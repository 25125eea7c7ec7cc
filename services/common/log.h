// Minimal structured-enough logging to stderr: one line per event, UTC timestamp, level, component.
// (Abseil's logging library arrived after the 20220623 release Debian 12 ships.)
//
//   LogInfo("account", absl::StrCat("listening on ", address));
#pragma once

#include "absl/strings/string_view.h"

namespace coalition {

void LogInfo(absl::string_view component, absl::string_view message);
void LogWarning(absl::string_view component, absl::string_view message);
void LogError(absl::string_view component, absl::string_view message);

}  // namespace coalition
