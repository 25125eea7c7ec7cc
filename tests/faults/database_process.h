// The private MariaDB that scripts/db.sh runs (COALITION_DB_DIR), as a process to be faulted:
// killed with SIGKILL and started again by the same script, or stopped and continued. It is not
// the harness's child (db.sh starts it in a session of its own), so it is found by its pid file.
//
//   DatabaseProcess db(script_path, db_dir, log_path);
//   RETURN_IF_ERROR(db.Kill());     // kill -9, and wait until it is gone
//   RETURN_IF_ERROR(db.Restart());  // scripts/db.sh start: crash recovery, then serving again
#pragma once

#include <sys/types.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace coalition::faults {

class DatabaseProcess {
 public:
  // `script` is scripts/db.sh; `dir` the instance's COALITION_DB_DIR; the script's output goes
  // to `log_path`. The script reads COALITION_DB_DIR and COALITION_DB_PORT from the environment.
  DatabaseProcess(std::string script, std::string dir, std::string log_path)
      : script_(std::move(script)), dir_(std::move(dir)), log_path_(std::move(log_path)) {}

  absl::Status Kill();
  absl::Status Restart();
  absl::Status Pause();
  absl::Status Resume();

 private:
  absl::StatusOr<pid_t> Pid() const;

  const std::string script_;
  const std::string dir_;
  const std::string log_path_;
};

}  // namespace coalition::faults
