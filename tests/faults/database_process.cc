#include "tests/faults/database_process.h"

#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/status_macros.h"
#include "tests/integration/child_process.h"

namespace coalition::faults {

namespace {

// Whether `pid` still runs: a zombie does not (it holds no sockets), and one whose parent is an
// init that never reaps would stay a zombie.
bool Alive(pid_t pid) {
  if (kill(pid, 0) != 0) return false;
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string pid_field, name, state;
  if (!(stat >> pid_field >> name >> state)) return false;
  return state != "Z" && state != "X";
}

}  // namespace

absl::StatusOr<pid_t> DatabaseProcess::Pid() const {
  const std::string path = absl::StrCat(dir_, "/mariadb.pid");  // scripts/db.sh's pid-file
  std::ifstream in(path);
  pid_t pid = 0;
  if (!(in >> pid) || pid <= 0) return absl::NotFoundError(absl::StrCat("no pid in ", path));
  return pid;
}

absl::Status DatabaseProcess::Kill() {
  ASSIGN_OR_RETURN(const pid_t pid, Pid());
  if (kill(pid, SIGKILL) != 0) {
    return absl::InternalError(absl::StrCat("kill -9 ", pid, ": errno ", errno));
  }
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (Alive(pid)) {
    if (absl::Now() > deadline) return absl::DeadlineExceededError("mariadbd outlived kill -9");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return absl::OkStatus();
}

absl::Status DatabaseProcess::Restart() {
  ASSIGN_OR_RETURN(testing::ChildProcess script,
                   testing::ChildProcess::Spawn(script_, {"start"}, log_path_));
  // The script waits up to 30 s for the server to answer.
  ASSIGN_OR_RETURN(const int status, script.WaitForExit(absl::Seconds(60)));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat(script_, " start failed; see ", log_path_));
  }
  return absl::OkStatus();
}

absl::Status DatabaseProcess::Pause() {
  ASSIGN_OR_RETURN(const pid_t pid, Pid());
  return kill(pid, SIGSTOP) == 0 ? absl::OkStatus() : absl::InternalError("SIGSTOP mariadbd");
}

absl::Status DatabaseProcess::Resume() {
  ASSIGN_OR_RETURN(const pid_t pid, Pid());
  return kill(pid, SIGCONT) == 0 ? absl::OkStatus() : absl::InternalError("SIGCONT mariadbd");
}

}  // namespace coalition::faults
