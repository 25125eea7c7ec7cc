// What every Coalition server process does around serving, whether it runs Serve
// (server_runner.h) or builds its own server (the gateway): block the termination signals before
// any thread exists, write the bound port for whoever started it, and wait for SIGTERM/SIGINT.
//
//   coalition::BlockTerminationSignals();  // first, before any thread exists
//   coalition::LimitMallocArenas();
//   ...
//   RETURN_IF_ERROR(coalition::WritePortFile(port_file, port));
//   const int signal_number = coalition::WaitForTerminationSignal();
#pragma once

#include <string>

#include "absl/status/status.h"

namespace coalition {

// Blocks SIGINT and SIGTERM in this thread and every thread created after it, so that the process
// waits for them with sigwait instead of running code in a signal handler.
void BlockTerminationSignals();

// Keeps glibc's malloc to 2 arenas (unless MALLOC_ARENA_MAX says otherwise), before any thread
// exists. Its default of 8 a core gives each of a server's many threads an arena of its own that
// keeps what it freed: the account service's peak RSS under the benchmark was 131 MB with the
// default and 87 MB with 2, at the same throughput (docs/PERFORMANCE.md, "Memory").
void LimitMallocArenas();

// Blocks until SIGINT or SIGTERM arrives (BlockTerminationSignals must have run); returns it.
int WaitForTerminationSignal();

// Writes `port` to `path`, whole: written to a temporary file, then renamed.
absl::Status WritePortFile(const std::string& path, int port);

// Routes libprotobuf's own log lines through log.h, and drops its complaints about bytes it was
// asked to parse (a string that is not UTF-8): every such request is answered INVALID_ARGUMENT
// anyway, and a client sending them would otherwise write a line to the log per call.
void RouteProtobufLogs();

// In release builds, turns off Abseil's mutex deadlock detection: Debian's Abseil keeps it on and
// records a lock graph on every lock, and gRPC makes and drops mutexes on every call (seen in
// profiles). Debug and sanitizer builds keep it.
void QuietMutexChecksInRelease();

}  // namespace coalition
