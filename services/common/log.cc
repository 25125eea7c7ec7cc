#include "services/common/log.h"

#include <cstdio>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace coalition {
namespace {

void Write(char level, absl::string_view component, absl::string_view message) {
  const std::string when =
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone());
  // One fprintf per line keeps concurrent lines whole.
  std::fprintf(stderr, "%s %c %.*s: %.*s\n", when.c_str(), level,
               static_cast<int>(component.size()), component.data(),
               static_cast<int>(message.size()), message.data());
}

}  // namespace

void LogInfo(absl::string_view component, absl::string_view message) {
  Write('I', component, message);
}
void LogWarning(absl::string_view component, absl::string_view message) {
  Write('W', component, message);
}
void LogError(absl::string_view component, absl::string_view message) {
  Write('E', component, message);
}

}  // namespace coalition
