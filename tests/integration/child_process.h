// A server binary started by a test, stopped with SIGTERM (then SIGKILL) when destroyed.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace coalition::testing {

class ChildProcess {
 public:
  // Starts `binary` with `args`, stdout and stderr appended to `log_path`.
  static absl::StatusOr<ChildProcess> Spawn(const std::string& binary,
                                            const std::vector<std::string>& args,
                                            const std::string& log_path);
  ChildProcess(ChildProcess&& other) noexcept : pid_(other.pid_), log_path_(other.log_path_) {
    other.pid_ = -1;
  }
  ChildProcess& operator=(ChildProcess&&) = delete;
  ~ChildProcess();

  // SIGTERM, then SIGKILL if it has not exited within `grace`. Returns the exit status.
  int Stop(absl::Duration grace = absl::Seconds(10));
  // SIGKILL at once, as a crash: the process gets no chance to finish anything.
  void Crash();
  // SIGSTOP and SIGCONT: the process keeps its sockets and state but does nothing meanwhile (a
  // long GC pause, a VM descheduled), so its callers' deadlines run out.
  void Pause();
  void Resume();
  // Waits for a process that ends by itself (a script); DEADLINE_EXCEEDED if it has not within
  // `timeout`. Returns the wait status.
  absl::StatusOr<int> WaitForExit(absl::Duration timeout);
  bool Running() const;
  const std::string& log_path() const { return log_path_; }

 private:
  ChildProcess(pid_t pid, std::string log_path) : pid_(pid), log_path_(std::move(log_path)) {}
  pid_t pid_;
  std::string log_path_;
};

// Waits for a server's --port_file to appear; fails if `child` exits first or on timeout.
absl::StatusOr<int> WaitForPortFile(const std::string& path, const ChildProcess& child,
                                    absl::Duration timeout);

}  // namespace coalition::testing
