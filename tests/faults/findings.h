// Differences the harness found, by the check that found them: what it exits non-zero for.
// Every check is listed, with zero when it found nothing, so a summary shows what was checked.
//
//   Findings findings;
//   findings.Checked("balances");
//   if (actual != expected) findings.Add("balances", "member m: 40 available, journal 50");
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace coalition::faults {

class Findings {
 public:
  // Names a check that ran, so it shows as 0 if it found nothing.
  void Checked(const std::string& check);
  void Add(const std::string& check, const std::string& detail);
  int64_t Total() const;
  // One line per check ("  balances: 0"), then the first details of each that found any.
  std::string Summary() const;

 private:
  static constexpr size_t kDetailsKept = 20;
  mutable absl::Mutex mu_;
  std::map<std::string, int64_t> counts_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<std::string>> details_ ABSL_GUARDED_BY(mu_);
};

}  // namespace coalition::faults
