#include "services/common/bounded_steps.h"

#include <algorithm>

#include "services/common/status_macros.h"

namespace coalition {

absl::StatusOr<bool> WorkInBoundedSteps(
    int max_members, int batch_size,
    const std::function<absl::StatusOr<std::vector<std::string>>(int limit)>& next_batch,
    const std::function<absl::Status(const std::string& member_id)>& handle) {
  int handled = 0;
  while (handled < max_members) {
    ASSIGN_OR_RETURN(std::vector<std::string> members,
                     next_batch(std::min(batch_size, max_members - handled)));
    if (members.empty()) return true;
    for (const std::string& member_id : members) {
      RETURN_IF_ERROR(handle(member_id));
      ++handled;
    }
  }
  return false;
}

}  // namespace coalition
