#include "tests/faults/findings.h"

#include "absl/strings/str_cat.h"

namespace coalition::faults {

void Findings::Checked(const std::string& check) {
  absl::MutexLock lock(&mu_);
  counts_.try_emplace(check, 0);
}

void Findings::Add(const std::string& check, const std::string& detail) {
  absl::MutexLock lock(&mu_);
  ++counts_[check];
  std::vector<std::string>& details = details_[check];
  if (details.size() < kDetailsKept) details.push_back(detail);
}

int64_t Findings::Total() const {
  absl::MutexLock lock(&mu_);
  int64_t total = 0;
  for (const auto& [check, count] : counts_) total += count;
  return total;
}

std::string Findings::Summary() const {
  absl::MutexLock lock(&mu_);
  std::string out;
  for (const auto& [check, count] : counts_) absl::StrAppend(&out, "  ", check, ": ", count, "\n");
  for (const auto& [check, details] : details_) {
    absl::StrAppend(&out, "differences in ", check, " (first ", details.size(), "):\n");
    for (const std::string& detail : details) absl::StrAppend(&out, "    ", detail, "\n");
  }
  return out;
}

}  // namespace coalition::faults
